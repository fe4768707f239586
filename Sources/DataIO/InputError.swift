/// A problem with user-supplied input: a file, a setting or a variable. It always says where and what was expected.
///
/// The command-line tool exits with status 2 for these and 1 for anything else (internal errors).
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file concerned (a path as the user gave it), if any.
    public var file: String?
    /// 1-based line in the file, if known.
    public var line: Int?
    /// 1-based column (field number for CSV files, character for text files), if known.
    public var column: Int?
    /// The key, variable or option concerned, if any.
    public var key: String?
    /// What went wrong and what was expected.
    public var message: String

    /// An input error at a location.
    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: key: message`, leaving out what is unknown.
    public var description: String {
        var loc = ""
        if let file { loc += file }
        if let line { loc += (loc.isEmpty ? "line " : ":") + "\(line)" }
        if let column { loc += (line == nil ? (loc.isEmpty ? "column " : ": column ") : ":") + "\(column)" }
        var out = loc.isEmpty ? "" : loc + ": "
        if let key { out += "'\(key)': " }
        return out + message
    }

    /// The same error with the file name filled in where it was missing.
    public func inFile(_ path: String) -> InputError {
        var e = self
        if e.file == nil { e.file = path }
        return e
    }
}
