// The catalogue of bad inputs (issues 9 and 14): every case runs the real `offshore` binary through the shared harness
// (CLIHarness.swift) and asserts exit status 2, a message on standard error that names the file with its line and
// column (InputError's `path:line:column: message` form) or the key/variable and says what was expected, and that
// no output is created or changed: each rejected run is made twice, once with no output file (or run folder) and
// once over an older one, which must come out byte-identical, with no stray temporary file beside it.
// Bad files are made from the bundled real data (the WIOD 1995 table, its ICIO/FIGARO/SUT conversions by
// `offshore convert`, the Grunfeld panel, the synthetic SEA accounts, the bundled TOML files) with one defect each.
//
// | case                                   | files                                         | expected on stderr (exit 2 unless said)                              |
// |----------------------------------------|-----------------------------------------------|----------------------------------------------------------------------|
// | semicolon delimiter                    | WIOD, ICIO, SUT, panel (+ decimal commas), accounts | `file:1`, "separated by semicolons", expected commas           |
// | decimal comma "1,5" in a numeric cell  | WIOD, ICIO, FIGARO, SUT, panel (y and x), accounts | `file:line:col`, "decimal comma", the text found                |
// | UTF-8 BOM                              | WIOD, ICIO, FIGARO, SUT, panel, accounts, config, grouping, classification | accepted (exit 0), output equal to the run without |
// | CRLF line ends                         | the same files                                | accepted (exit 0), output equal; a CRLF TOML error still names the line |
// | quoted field with commas               | panel label, accounts description             | accepted, the same estimates                                         |
// |   ... in a numeric cell ("12,345")     | WIOD, ICIO, accounts                          | `file:line:col`, "expected a number", the text found                 |
// | ragged row                             | WIOD, ICIO, FIGARO, SUT, panel, accounts      | `file:10:` / `file:5:`, "expected N fields as in the header"         |
// | empty file                             | WIOD, ICIO, FIGARO, SUT, panel, accounts, grouping | `file:1` (panel, grouping: the file or key), "empty" / "no [[group]]" |
// | header only                            | WIOD, ICIO, FIGARO, SUT, panel, accounts      | `file:2`, "ends after 0 of the 1435 table rows" / "no data rows" / "no values" |
// | truncated gzip                         | WIOD, ICIO, panel, accounts                   | the file, "truncated gzip file"                                      |
// | non-UTF-8 bytes                        | WIOD and ICIO row label, panel label, config, grouping | `file:line:col` "row label 'AUS_c4'" / "not valid UTF-8"    |
// |                                        | accounts industry code                        | key `data.accounts`, the industry the accounts then lack            |
// | huge number 1e400                      | WIOD, ICIO, FIGARO, SUT, panel, accounts      | `file:line:col`, "number out of range"                               |
// | NaN / Inf text                         | WIOD, ICIO, FIGARO, SUT, panel (y and x), accounts | `file:line:col`, "expected a finite number"                     |
// | negative intermediate flow             | WIOD                                          | exit 0, a note: file, row->column = value (line, column)             |
// | duplicate labels                       | WIOD/ICIO header, WIOD row, FIGARO/SUT cell, panel header, accounts row | `file:line[:col]`, "duplicate" / "listed twice (first at line 10)" |
// | missing years                          | measure --years, estimate config years        | key `--years` / `data.years`, "no table for", the years available   |
// | grouping: unknown / repeated region    | grouping TOML                                 | `file:line`, key `group.regions`, the region and group(s)            |
// | unknown key / wrong type               | estimate config ([data], [[model]]), grouping, classification | `file:line`, the dotted key, "unknown key; expected one of" / "expected a string" |
// | product in two categories              | classification                                | `file:line`, key `categories.energy`, "already in manufactured"      |
// | accounts industries != tables          | accounts                                      | key `data.accounts`, "not in the accounts: c7, c21"                  |
// | formula: unknown variable              | regress (formula, cluster), estimate config   | the variable, "no such variable", the columns                        |
// | formula: syntax error                  | regress, estimate config                      | "at character N", what was expected                                  |
// | unknown option value                   | --denominator, --vcov, --model, --format      | the option, the value, the values accepted                           |
// | directory where a file is expected     | --data, --config, --grouping, --classification, accounts | the path, "is a directory, expected a file"               |
// | missing file                           | --data, --config, --tables, --grouping, --classification, accounts | the path, "cannot open the file: No such file" |
// | unreadable file (chmod 000)            | --data, --config (skipped when root reads it) | the path, "Permission denied"                                        |
// | malformed number in a numeric column   | panel (`1_000`, `0x1p3`, `1 000`, `(5)`, `e5`, `n/a`) | `file:line:col`, "expected a number", "199 of the column's 200 values are numbers" |
// |   ... a text column with a number      | panel firm "3", a half-text column            | accepted, the same estimates                                         |
// | cells whose sum overflows (1e308 x 2)  | ICIO, WIOD, FIGARO                            | `file:line:col` of the largest, "add up to more than 1e300"         |
// |   ... SUT origin values, supply        | SUT origin values, supply rows                | the file, "import values of product" / "supply values of 1995"     |
// | formula nested 8,000 deep              | regress, sur equation, estimate config         | "at character 210: the formula nests more than 200 levels deep"     |
// |   ... an I() chain of 5,000 operations | regress                                       | "more than 200 operations deep"                                      |
// | absurd year range                      | --years 1-9223372036854775807, 0-2147483647, 1000-9999999; config years | key, "out of range: expected 4-digit years (1000-9999)", short |
// |   ... reversed / every year            | --years 2011-1995, 1000-9999; config 1996-1995 | "the range 2011-1995 is reversed" / "no table for 1000-1994, 2012-9999" |
// | absurd thread count                    | sensitivity/measure --threads 2^63-1 or 0     | `--threads`, "from 1 to 1024"; OFFSHORE_THREADS=2^63-1: accepted (1024) |
// | a device that never ends (/dev/zero)   | --data (regress, sur), --config, --tables, --grouping | the path, "is a character device ... expected a regular file or a pipe" |
// | one 100 MiB line in a .gz              | panel                                         | `file:1`, "a row longer than 64 MiB", in seconds; OFFSHORE_MAX_LINE_MB |
// | a pipe that never ends                 | --data FIFO fed by `yes`                      | "more than 2 MiB arrived through the pipe" (OFFSHORE_MAX_STREAM_MB=2); a finite pipe is read |
// | a TOML file over the text limit        | --config (OFFSHORE_MAX_TEXT_MB=1)             | "the file is larger than 1 MiB"                                      |
// | i(id) with 20,000 levels               | regress on 40,000 rows                        | "expands to 20000 columns", "6.4 GB", "absorb ... '| id'"; `| id` runs |
// | 200,000 columns                        | regress                                       | accepted within 20 s (linear header checks)                          |
// | a private key or UTF-16 file as data   | regress                                       | "no such variable", names cut to 32 characters, NULs as `\u{0}`       |
// | output onto an input (issue 14)        | regress/sur --data; measure --grouping, --classification, a file of --tables; estimate --config; report RUN/report.json; sensitivity --csv/--chart/--output onto --db, DB or --grid (BadInputOutputTests) | `--output`, "is the input --data" (the input's option), the input unchanged; also through a symlink, `dir/../x` or a hard link |
// | output folder holding an input         | estimate --output-dir/--report over the config's folder, measure --report, report --output RUN or above, convert --output onto --tables | the option, "holds the input --config", the folder unchanged |
// | device or pipe as output               | --output /dev/null, a named pipe              | accepted (exit 0), written in place: /dev/null stays a device, the pipe's reader gets the text |
// | --run-name with a newline, a space, a path | estimate --run-name; config [output] run_name | `--run-name` / `output.run_name`, the same rule and words, the name as `\u{A}` |
// | control characters in a group name    | grouping TOML name "AS\u001B[31mIA\u0007", measure --report | accepted; every output shows `\u{1B}`, no raw control byte, the SVGs parse as XML |
// | sensitivity DB holding only `meta`     | --db left by a run stopped while creating its tables (BadInputSensitivityTests) | run: accepted, "lacked the tables variants, results, failures", resumes; summary: "an incomplete results database", how to complete it |
// | corrupt shard given to merge           | `sensitivity merge OUT good.db bad.db`        | the corrupt input (not the temporary file), "cannot copy its rows", no OUT left |

import Foundation
import XCTest
import TestSupport

/// Helpers shared by the bad-input catalogue (`BadInput*Tests`): the rejection contract and fixtures made from real data.
enum BadInput {
    /// What a command would write on success.
    enum Output {
        /// A file of this name (passed as `--output`).
        case file(String)
        /// A run folder `<DIR>/<run>` (DIR passed as `--output-dir`).
        case folder(run: String)
    }

    /// Every file under `url` (relative path -> bytes); folders appear with a trailing slash and no bytes.
    static func snapshot(_ url: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: url.path) else { return out }
        while let rel = e.nextObject() as? String {
            let p = url.appendingPathComponent(rel).path
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            out[isDir.boolValue ? rel + "/" : rel] = isDir.boolValue ? Data() : (FileManager.default.contents(atPath: p) ?? Data())
        }
        return out
    }

    /// Runs `arguments(target)` twice, where `target` is the output file (or folder) the command is told to write: first
    /// where nothing exists yet, then over an older output. Asserts exit status 2, an empty standard output, every
    /// string of `mentions` on standard error, and that the output's folder is exactly as before (no new file, the
    /// older one byte-identical, no temporary file left). Returns standard error of the first run.
    @discardableResult
    static func assertRejected(_ arguments: (String) -> [String], output: Output = .file("out.csv"), mentions: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let base = try CLI.temporaryDirectory()
        defer { TemporaryDirectory.remove(base) }
        var first = ""
        for older in [false, true] {
            let folder = base.appendingPathComponent(older ? "older" : "fresh")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let target: String
            switch output {
            case .file(let name):
                target = folder.appendingPathComponent(name).path
                if older { try Data("older output, which a failed run must keep\n".utf8).write(to: URL(fileURLWithPath: target)) }
            case .folder(let run):
                target = folder.path
                if older {
                    let runFolder = folder.appendingPathComponent(run)
                    try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
                    try Data("older tables\n".utf8).write(to: runFolder.appendingPathComponent("tables.txt"))
                    try Data("{\"older\": true}\n".utf8).write(to: runFolder.appendingPathComponent("manifest.json"))
                }
            }
            let before = snapshot(folder)
            let r = try CLI.run(arguments(target))
            let label = older ? "over an older output" : "without an older output"
            XCTAssertEqual(r.status, 2, "\(label): exit status (2 = bad input); stderr: \(r.stderr)", file: file, line: line)
            XCTAssertEqual(r.stdout, "", "\(label): nothing on standard output", file: file, line: line)
            XCTAssertTrue(r.stderr.lowercased().contains("error"), "\(label): \(r.stderr)", file: file, line: line)
            for m in mentions {
                XCTAssertTrue(r.stderr.contains(m), "\(label): stderr lacks '\(m)': \(r.stderr)", file: file, line: line)
            }
            XCTAssertEqual(snapshot(folder), before, "\(label): the output folder changed", file: file, line: line)
            if !older {
                XCTAssertFalse(FileManager.default.fileExists(atPath: target) && !isFolder(output), "an output file was created",
                               file: file, line: line)
                first = r.stderr
            }
        }
        return first
    }

    private static func isFolder(_ o: Output) -> Bool { if case .folder = o { return true } else { return false } }

    /// Runs `arguments` and asserts success; returns standard output.
    static func assertAccepted(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, 0, "expected success: \(r.stderr)", file: file, line: line)
        return r
    }

    // MARK: fixtures from the real data

    private static var cache: [String: [String]] = [:]
    private static var converted: [String: URL] = [:]

    /// The lines of a (possibly gzip) text file, without the final empty one; cached.
    static func lines(of path: String) throws -> [String] {
        if let l = cache[path] { return l }
        let data: Data
        if path.hasSuffix(".gz") {
            do { data = try Gzip.decompress(path) } catch let e as Gzip.Failure { throw XCTSkip("gzip -dc \(path): \(e)") }
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        var l = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if l.last == "" { l.removeLast() }
        cache[path] = l
        return l
    }

    /// The real WIOD 2013 table of 1995 (1436 lines: header, AUS_c1 ... RoW_c35).
    static var wiodPath: String { RepositoryPaths.supplyUseTables.appendingPathComponent("wiod2013/WIOT1995_wiod2013.csv.gz").path }

    /// The 1995 WIOD table converted by `offshore convert --to <layout>` (icio, figaro in its flat layout, or sut), cached
    /// per run.
    static func convertedFolder(_ layout: String) throws -> URL {
        if let u = converted[layout] { return u }
        let dir = try CLI.temporaryDirectory().appendingPathComponent(layout)
        let r = try CLI.run(["convert", "--to", layout, "--years", "1995", "--output", dir.path] + (layout == "sut" ? ["--country", "BEL"] : [])
                             + (layout == "figaro" ? ["--figaro-format", "flat"] : []))
        guard r.status == 0 else { throw XCTSkip("convert --to \(layout) failed: \(r.stderr)") }
        converted[layout] = dir
        return dir
    }

    /// `lines` with field `field` (1-based, comma-separated) of line `line` (1-based) replaced by `value`.
    static func replacing(_ lines: [String], line: Int, field: Int, with value: String, separator: String = ",") -> [String] {
        var out = lines
        var f = out[line - 1].components(separatedBy: separator)
        f[field - 1] = value
        out[line - 1] = f.joined(separator: separator)
        return out
    }

    /// Writes `lines` (LF ends, or `ending`) as `name` in a new folder, copying `besides` files (e.g. a
    /// classification.toml) into it; returns the file's path.
    @discardableResult
    static func write(_ lines: [String], name: String, ending: String = "\n", prefix: [UInt8] = [], besides: [URL] = [],
                      in folder: URL? = nil) throws -> String {
        let dir = try folder ?? CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var data = Data(prefix)
        data.append(Data((lines.joined(separator: ending) + (lines.isEmpty ? "" : ending)).utf8))
        let path = dir.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        for b in besides {
            let dst = dir.appendingPathComponent(b.lastPathComponent)
            if !FileManager.default.fileExists(atPath: dst.path) { try FileManager.default.copyItem(at: b, to: dst) }
        }
        return path
    }

    /// Writes raw bytes as `name` in a new folder; returns the path.
    static func write(bytes: Data, name: String) throws -> String {
        let path = try CLI.temporaryDirectory().appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Line `line` of `lines` from its first comma on (the row without its label).
    static func afterLabel(_ line: String) -> String {
        line.firstIndex(of: ",").map { String(line[$0...]) } ?? ""
    }

    /// The UTF-8 byte order mark.
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// True when the current user can read `path` (root reads a chmod 000 file anyway).
    static func canRead(_ path: String) -> Bool { access(path, R_OK) == 0 }
}
