import DataIO
import Foundation
import XCTest
import TestSupport

/// SHA-256 against the FIPS 180-4 example vectors (and a file hashed in pieces against the one-shot digest).
final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8]()),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testPiecewiseUpdatesAndPaddingBoundaries() {
        // Lengths around the 55/56/64-byte padding boundaries, fed in uneven pieces, agree with one-shot hashing
        // and with a digest computed by Python's hashlib for the 1,000-byte message.
        for n in [55, 56, 57, 63, 64, 65, 119, 120, 1000] {
            let msg = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            var s = SHA256()
            var k = 0
            var step = 1
            while k < n {
                let e = min(n, k + step)
                s.update(msg[k..<e])
                k = e
                step = step * 3 % 17 + 1
            }
            XCTAssertEqual(hex(s.finalize()), SHA256.hexDigest(of: msg), "length \(n)")
        }
        let thousand = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        XCTAssertEqual(SHA256.hexDigest(of: thousand), "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371")
    }

    func testFileDigestAndSize() throws {
        let dir = try TemporaryDirectory.make(prefix: "sha")
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("abc.txt").path
        try AtomicFile.write("abc", to: path)
        let (digest, size) = try SHA256.hexDigest(ofFile: path)
        XCTAssertEqual(digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(size, 3)
        XCTAssertThrowsError(try SHA256.hexDigest(ofFile: dir.appendingPathComponent("missing").path)) { e in
            XCTAssertTrue((e as? InputError)?.description.contains("missing") ?? false)
        }
    }

    private func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
}
