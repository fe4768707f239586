import Foundation
import XCTest
import TestSupport

/// Small files written for a test, and the repository's folders.
enum TestFiles {
    /// The bundled tables.
    static var bundled: URL { RepositoryPaths.supplyUseTables }

    /// A fresh temporary directory.
    static func directory() throws -> URL {
        try TemporaryDirectory.make(prefix: "offshore-iot")
    }

    /// Writes `text` to `name` in a fresh directory and returns the path.
    static func write(_ text: String, name: String) throws -> String {
        let url = try directory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// gzip-compresses `path` (keeping the original) and returns the .gz path.
    static func gzip(_ path: String) throws -> String { try Gzip.compress(path) }

    /// A 2-region (HOM, FOR) x 2-industry (c1, c2) WIOD-layout table with one final-demand category.
    /// Rows balance except FOR_c2 (gap 3); HOM_c2 -> FOR_c1 is negative.
    static let small = """
    ,HOM_c1,HOM_c2,FOR_c1,FOR_c2,HOM_CONS,FOR_CONS,OUT
    HOM_c1,1,2,3,4,10,0,20
    HOM_c2,5,6,-1,0,5,5,20
    FOR_c1,0.5,1.5,2,3,13,0,20
    FOR_c2,1,1,1,1,10,9,20

    """
}
