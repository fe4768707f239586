import Foundation
import XCTest

/// `offshore measure --tables` on OECD ICIO tables as downloaded: a zip archive of yearly CSVs (`ICIO_2015-2018.zip`
/// in the OECD's naming, exvatools R/extract_icio.R), read without unpacking, gives byte for byte the WIOD tidy CSV,
/// and says in one line what it read; a damaged member stops with `archive.zip/member.csv:line:column`, exit 2.
final class ICIOZipMeasureTests: XCTestCase {
    func zip(_ files: [String], into zip: String, in dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        p.currentDirectoryURL = dir
        p.arguments = ["-q", zip] + files
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testMeasureOnAZipOfYearlyICIOFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let wiod = try CLI.run(["measure", "--years", "1995-1996", "--format", "csv"])
        XCTAssertEqual(wiod.status, 0, wiod.stderr)
        let c = try CLI.run(["convert", "--to", "icio", "--years", "1995-1996", "--output", dir.path])
        XCTAssertEqual(c.status, 0, c.stderr)
        let archive = dir.appendingPathComponent("ICIO_1995-1996.zip").path
        try zip(["ICIO2021_1995.csv", "ICIO2021_1996.csv"], into: archive, in: dir)
        let m = try CLI.run(["measure", "--tables", archive, "--classification", dir.appendingPathComponent("classification.toml").path,
                             "--format", "csv"])
        XCTAssertEqual(m.status, 0, m.stderr)
        XCTAssertEqual(m.stdout, wiod.stdout)
        XCTAssertTrue(m.stderr.contains("note: read as OECD ICIO 2021 edition (file name): 41 countries x 35 industries, "
                                        + "final demand 41 x 6 country-major, total column OUT"), m.stderr)

        // A damaged cell inside the archive: its place in the member, exit 2, nothing written.
        let bad = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        var text = try String(contentsOf: dir.appendingPathComponent("ICIO2021_1995.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\nAUS_c2,", with: "\nAUS_c2,oops")
        try text.write(to: bad.appendingPathComponent("ICIO2021_1995.csv"), atomically: true, encoding: .utf8)
        try zip(["ICIO2021_1995.csv"], into: "ICIO_1995-1995.zip", in: bad)
        try FileManager.default.removeItem(at: bad.appendingPathComponent("ICIO2021_1995.csv"))
        let out = bad.appendingPathComponent("out.csv").path
        let e = try CLI.run(["measure", "--tables", bad.path, "--classification", dir.appendingPathComponent("classification.toml").path,
                             "--output", out])
        XCTAssertEqual(e.status, 2)
        XCTAssertTrue(e.stderr.contains("ICIO_1995-1995.zip/ICIO2021_1995.csv:3:2"), e.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
