import Foundation

/// The sizes past which the readers refuse an input instead of reading on: each is a documented default that an
/// environment variable raises (or lowers), in whole mebibytes (MiB).
///
/// | limit | default | variable | applies to |
/// |---|---|---|---|
/// | `lineBytes` | 64 MiB | `OFFSHORE_MAX_LINE_MB` | one CSV row (a longer row is an error at its line) |
/// | `textFileBytes` | 16 MiB | `OFFSHORE_MAX_TEXT_MB` | a file read whole as text: TOML configs, groupings, classifications |
/// | `streamBytes` | 16384 MiB (16 GiB) | `OFFSHORE_MAX_STREAM_MB` | bytes read from a stream whose size is not known before it ends: gzip data once inflated, a pipe |
///
/// A regular uncompressed file is read to its end whatever its size (the file system says how large it is); a
/// character or block device (`/dev/zero`, a terminal) or a socket is never read: it may never end.
/// A row also holds at most `fieldsPerRow` fields (`lineBytes / 16`, 4 Mi by default), so that a row of nothing but
/// delimiters cannot make its field table far larger than the row.
public enum InputLimits {
    /// The longest CSV row a reader accepts, in bytes.
    public static var lineBytes: Int = environmentLineBytes()
    /// The largest file read whole as text (configs), in bytes.
    public static var textFileBytes: Int = environmentTextFileBytes()
    /// The most bytes read from a gzip stream or a pipe, in bytes.
    public static var streamBytes: Int = environmentStreamBytes()

    /// `lineBytes` as the environment sets it now (`OFFSHORE_MAX_LINE_MB`, default 64 MiB).
    public static func environmentLineBytes() -> Int { mebibytes("OFFSHORE_MAX_LINE_MB", default: 64) }
    /// `textFileBytes` as the environment sets it now (`OFFSHORE_MAX_TEXT_MB`, default 16 MiB).
    public static func environmentTextFileBytes() -> Int { mebibytes("OFFSHORE_MAX_TEXT_MB", default: 16) }
    /// `streamBytes` as the environment sets it now (`OFFSHORE_MAX_STREAM_MB`, default 16 GiB).
    public static func environmentStreamBytes() -> Int { mebibytes("OFFSHORE_MAX_STREAM_MB", default: 16_384) }

    /// The most fields one CSV row may have.
    public static var fieldsPerRow: Int { max(1 << 16, lineBytes / 16) }

    /// The variable's value in MiB as bytes when it is a positive whole number (at most 2^40 MiB), else the default
    /// (also in MiB).
    public static func mebibytes(_ variable: String, default value: Int) -> Int {
        if let s = ProcessInfo.processInfo.environment[variable], let n = Int(s.trimmingCharacters(in: .whitespaces)),
           n > 0, n <= 1 << 40 {
            return n << 20
        }
        return value << 20
    }

    /// `bytes` as a whole number of MiB for messages (`64 MiB`), or bytes below one MiB.
    public static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// A short, printable excerpt of text read from a file, for error messages: control characters (NUL, escape, line
/// breaks) and invalid UTF-8 replacements are shown as `\u{..}` escapes, and text past `maximumCharacters` is cut
/// with `...`. Messages quote what they found this way, so that a binary file, a UTF-16 file or a secret on its
/// first line never reaches the terminal raw or in full.
public func inputExcerpt<S: StringProtocol>(_ text: S, maximumCharacters: Int = 40) -> String {
    var out = ""
    var n = 0
    for scalar in text.unicodeScalars {
        if n == maximumCharacters { out += "..."; break }
        n += 1
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0xFFFD || v == 0x2028 || v == 0x2029
            || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) {
            out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A list of names from a file (column names, labels) for an error message: at most `maximumNames`, each an
/// `inputExcerpt` of at most `maximumCharacters`, joined by `, `, with `, ...` when names were left out.
public func inputExcerptList(_ names: [String], maximumNames: Int = 20, maximumCharacters: Int = 32) -> String {
    names.prefix(maximumNames).map { inputExcerpt($0, maximumCharacters: maximumCharacters) }.joined(separator: ", ")
        + (names.count > maximumNames ? ", ..." : "")
}
