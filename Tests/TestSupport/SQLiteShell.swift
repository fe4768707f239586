import Foundation
import XCTest

/// The SQLite shell (`/usr/bin/sqlite3`) for tests that inspect or damage a results database.
public enum SQLiteShell {
    /// Runs `sqlite3 DB SQL` and returns its output, trimmed; skips the test without the shell.
    @discardableResult
    public static func run(_ db: String, _ sql: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let shell = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: shell) else { throw XCTSkip("no \(shell) (apt-get install sqlite3)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: shell)
        p.arguments = [db, sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "sqlite3 \(sql)", file: file, line: line)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
