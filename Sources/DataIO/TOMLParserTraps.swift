/// Finds the malformed TOML that TOMLKit's parser (toml++) does not report but asserts against (a debug build
/// aborts, a release build assumes it cannot happen), so that it is an `InputError` with its line and column.
/// Both were found by fuzzing (Tests/FuzzCorpus/regressions):
/// - a table header whose name does not start with a bare-key character or a quote (`[` then a line end, a control
///   character, `[ ]]`...);
/// - a `}` where an array expects a value (`[}]`, `[1, }]`), which can only close an inline table.
///
/// A light scan that knows just enough TOML to see these: comments, the four kinds of strings and the nesting of
/// arrays and inline tables in values. A header is a `[` (or `[[`) that starts a line outside any value. Valid TOML
/// never fails this check.
func checkTOMLParserTraps(_ text: String, path: String) throws {
    let b = Array(text.utf8)
    let n = b.count
    var i = 0, line = 1, lineStart = 0
    var open: [UInt8] = []  // the arrays ('[') and inline tables ('{') the scan is inside, innermost last
    var atLineStart = true  // only spaces and tabs since the last line end
    func isBareKey(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x2d
    }
    func startsWith(_ s: [UInt8], at k: Int) -> Bool { k + s.count <= n && Array(b[k..<k + s.count]) == s }
    /// Skips a string opened at `i` by `quote` (single or triple); stops at a line end for single-line strings.
    func skipString(_ quote: UInt8) {
        let triple = startsWith([quote, quote, quote], at: i)
        i += triple ? 3 : 1
        while i < n {
            let c = b[i]
            if c == 0x5c && quote == 0x22 {  // escape in a basic string (a backslash may end a line in a triple one)
                if i + 1 < n && b[i + 1] == 0x0a { line += 1; lineStart = i + 2 }
                i += 2
                continue
            }
            if c == 0x0a {
                if !triple { return }
                line += 1; lineStart = i + 1
            }
            if c == quote {
                if !triple { i += 1; return }
                if startsWith([quote, quote, quote], at: i) {
                    i += 3
                    var extra = 0  // up to two quotes of the content may precede the closing three
                    while extra < 2 && i < n && b[i] == quote { i += 1; extra += 1 }
                    return
                }
            }
            i += 1
        }
    }
    while i < n {
        let c = b[i]
        switch c {
        case 0x0a:
            line += 1; lineStart = i + 1; atLineStart = true; i += 1
            continue
        case 0x20, 0x09, 0x0d:
            i += 1
            continue
        case 0x23:  // comment to the end of the line
            while i < n && b[i] != 0x0a { i += 1 }
            continue
        case 0x22, 0x27:
            skipString(c)
        case 0x5b where open.isEmpty && atLineStart:
            var k = i + 1
            if k < n && b[k] == 0x5b { k += 1 }
            while k < n && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
            if k >= n || !(isBareKey(b[k]) || b[k] == 0x22 || b[k] == 0x27) {
                let found = k >= n ? "the end of the file" : b[k] == 0x0a || b[k] == 0x0d ? "the end of the line"
                    : b[k] >= 0x20 && b[k] < 0x7f ? "'\(Character(Unicode.Scalar(b[k])))'" : "byte 0x\(String(b[k], radix: 16))"
                throw InputError(file: path, line: line, column: k - lineStart + 1,
                                 "invalid TOML: expected a table name (letters, digits, '_', '-' or a quoted name) after '[', found \(found)")
            }
            // The header is checked; its name may hold brackets in quotes, so skip to the line end (a comment at most).
            while i < n && b[i] != 0x0a { i += 1 }
            continue
        case 0x5b, 0x7b:
            open.append(c); i += 1
        case 0x7d where open.last == 0x5b:
            throw InputError(file: path, line: line, column: i - lineStart + 1,
                             "invalid TOML: expected a value or ']' in the array, found '}'")
        case 0x5d, 0x7d:
            _ = open.popLast(); i += 1
        default:
            i += 1
        }
        atLineStart = false
    }
}
