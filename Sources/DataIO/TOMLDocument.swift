import TOMLKit
import Foundation

/// A parsed TOML file whose errors name the file, the line and the key.
///
/// Parsing is TOMLKit's (toml++). TOML libraries do not keep the position of each key, so `line(of:)`
/// finds a key's line by scanning the text for its table header and assignment; that is what error
/// messages about unknown keys and wrong types cite.
public struct TOMLDocument {
    /// The file, as the user named it.
    public let path: String
    /// The document's text.
    public let text: String
    /// The root table.
    public let root: TOMLSection

    /// Reads and parses `path`. Syntax errors carry TOMLKit's line and column.
    public init(path: String) throws {
        try self.init(text: readText(path: path), path: path)
    }

    /// Parses TOML text; `path` is used in error messages.
    public init(text: String, path: String) throws {
        self.path = path
        // CRLF line ends (Windows editors) are read as LF: a Swift string holds "\r\n" as one character, which
        // splitting on "\n" would not see, and every key's line would be lost.
        let text = text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        self.text = text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        do {
            try checkTOMLParserTraps(text, path: path)  // what toml++ would abort on
            let table = try TOMLTable(string: text)
            root = TOMLSection(table: table, path: [], file: path, lines: lines)
        } catch let e as TOMLParseError {
            throw InputError(file: path, line: e.source.begin.line, column: e.source.begin.column,
                             "invalid TOML: \(e.description)")
        }
    }
}

/// A table within a TOML document, with typed accessors that report the key's line on error.
public struct TOMLSection {
    let table: TOMLTable
    /// Dotted path of this table from the root (empty for the root).
    public let path: [String]
    let file: String
    let lines: [String]

    /// The keys of this table, in document order.
    public var keys: [String] { table.keys }

    /// The full dotted name of `key` in this table, for messages.
    public func qualified(_ key: String) -> String { (path + [key]).joined(separator: ".") }

    /// Best-effort 1-based line of `key` in this table (the line of its `key =` or `[table.key]` header).
    public func line(of key: String) -> Int? {
        var current: [String] = []
        let escapedKey = key
        for (n, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                let inner = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: "#").first.map(String.init) ?? ""
                let name = inner.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ".").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                }
                if name == path + [key] { return n + 1 }
                current = name
                continue
            }
            guard current == path, let eq = l.firstIndex(of: "=") else { continue }
            let k = l[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            if k == escapedKey || k.hasPrefix(escapedKey + ".") { return n + 1 }
        }
        return nil
    }

    /// An input error about `key` of this table, located at its line.
    public func error(_ key: String, _ message: String) -> InputError {
        InputError(file: file, line: line(of: key), key: qualified(key), message)
    }

    /// Fails on any key not in `allowed`, naming the key, its line and the keys that are accepted.
    public func rejectUnknownKeys(allowed: [String]) throws {
        for k in keys where !allowed.contains(k) {
            throw error(k, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
        }
    }

    /// True when the table has `key`.
    public func has(_ key: String) -> Bool { table[key] != nil }

    /// A string value, or nil when absent; a value of another type is an error.
    public func string(_ key: String) throws -> String? {
        guard let v = table[key] else { return nil }
        guard let s = v.string else { throw error(key, "expected a string, found \(v.type)") }
        return s
    }

    /// An integer value, or nil when absent.
    public func int(_ key: String) throws -> Int? {
        guard let v = table[key] else { return nil }
        guard let i = v.int else { throw error(key, "expected an integer, found \(v.type)") }
        return i
    }

    /// A number (integer or float), or nil when absent.
    public func double(_ key: String) throws -> Double? {
        guard let v = table[key] else { return nil }
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw error(key, "expected a number, found \(v.type)")
    }

    /// A boolean, or nil when absent.
    public func bool(_ key: String) throws -> Bool? {
        guard let v = table[key] else { return nil }
        guard let b = v.bool else { throw error(key, "expected true or false, found \(v.type)") }
        return b
    }

    /// An array of strings, or nil when absent.
    public func strings(_ key: String) throws -> [String]? {
        guard let v = table[key] else { return nil }
        guard let a = v.array else { throw error(key, "expected an array of strings, found \(v.type)") }
        var out: [String] = []
        for (n, e) in a.enumerated() {
            guard let s = e.string else { throw error(key, "element \(n + 1): expected a string, found \(e.type)") }
            out.append(s)
        }
        return out
    }

    /// A sub-table, or nil when absent.
    public func section(_ key: String) throws -> TOMLSection? {
        guard let v = table[key] else { return nil }
        guard let t = v.table else { throw error(key, "expected a table, found \(v.type)") }
        return TOMLSection(table: t, path: path + [key], file: file, lines: lines)
    }

    /// An array of tables (`[[key]]`), or nil when absent.
    public func sections(_ key: String) throws -> [TOMLSection]? {
        guard let v = table[key] else { return nil }
        guard let a = v.array else { throw error(key, "expected an array of tables, found \(v.type)") }
        var out: [TOMLSection] = []
        for (n, e) in a.enumerated() {
            guard let t = e.table else { throw error(key, "element \(n + 1): expected a table, found \(e.type)") }
            out.append(TOMLSection(table: t, path: path + [key], file: file, lines: lines))
        }
        return out
    }
}
