import DataIO

/// One event of `XMLScanner`: an element's start (with its attributes), its end, or character data.
enum XMLEvent {
    /// A start tag; `selfClosing` for `<x/>` (no matching `.end` follows).
    case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
    /// An end tag.
    case end(name: String)
    /// Character data between tags, entities decoded (CDATA sections included as they are).
    case text(String)
}

/// A small streaming (pull) XML scanner for the parts of an .xlsx workbook: elements, attributes, character data,
/// the five predefined entities and character references, CDATA, comments and processing instructions.
///
/// Names are returned without their namespace prefix (`x:c` is `c`; `r:id` is kept as `r:id` for attributes, whose
/// prefixes matter). A document type declaration is refused (no entity can be declared, so none can expand), as are
/// mismatched end tags, unterminated constructs and unknown entities: each an `InputError` naming the part and the
/// line and column in it. It is faster than Foundation's `XMLParser` on Linux for the sheet parts, which are most of a
/// workbook's bytes, and it never allocates per byte.
struct XMLScanner {
    private let bytes: [UInt8]
    private var i = 0
    private var stack: [String] = []
    /// Where errors point: the workbook and the part (`file.xlsx: xl/worksheets/sheet1.xml`).
    let place: String

    init(_ bytes: [UInt8], place: String) {
        self.bytes = bytes
        self.place = place
        // Skip a UTF-8 byte-order mark.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    /// The next event, or nil at the end of the document (after checking that every element was closed).
    mutating func next() throws -> XMLEvent? {
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
                if stack.isEmpty {
                    // Outside the root element only white space is allowed.
                    if bytes[start..<i].contains(where: { !isSpace($0) }) { throw error(at: start, "text outside the root element") }
                    continue
                }
                return .text(try decode(start, i))
            }
            // Markup.
            if starts(with: "<!--") {
                guard let e = find("-->", from: i + 4) else { throw error(at: i, "unterminated comment") }
                i = e + 3
                continue
            }
            if starts(with: "<![CDATA[") {
                guard let e = find("]]>", from: i + 9) else { throw error(at: i, "unterminated CDATA section") }
                let text = String(decoding: bytes[(i + 9)..<e], as: UTF8.self)
                i = e + 3
                if stack.isEmpty { throw error(at: i, "CDATA outside the root element") }
                return .text(text)
            }
            if starts(with: "<?") {
                guard let e = find("?>", from: i + 2) else { throw error(at: i, "unterminated processing instruction") }
                i = e + 2
                continue
            }
            if starts(with: "<!") {
                throw error(at: i, "a document type declaration or other <! markup is not allowed in a workbook part")
            }
            if starts(with: "</") {
                let at = i
                i += 2
                let name = try readName()
                skipSpace()
                guard i < bytes.count && bytes[i] == UInt8(ascii: ">") else { throw error(at: i, "expected '>' to close </\(name)") }
                i += 1
                guard let open = stack.popLast() else { throw error(at: at, "end tag </\(name)> without a start tag") }
                guard open == name else { throw error(at: at, "end tag </\(name)> does not match <\(open)>") }
                return .end(name: localName(name))
            }
            // Start tag.
            i += 1
            let name = try readName()
            var attributes: [(name: String, value: String)] = []
            while true {
                let hadSpace = skipSpace()
                guard i < bytes.count else { throw error(at: i, "unterminated start tag <\(name)") }
                if bytes[i] == UInt8(ascii: "/") {
                    guard i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ">") else { throw error(at: i, "expected '/>' in <\(name)") }
                    i += 2
                    if stack.isEmpty && sawRoot { throw error(at: i, "a second root element <\(name)>") }
                    sawRoot = true
                    return .start(name: localName(name), attributes: attributes, selfClosing: true)
                }
                if bytes[i] == UInt8(ascii: ">") {
                    i += 1
                    if stack.isEmpty && sawRoot { throw error(at: i, "a second root element <\(name)>") }
                    sawRoot = true
                    stack.append(name)
                    return .start(name: localName(name), attributes: attributes, selfClosing: false)
                }
                guard hadSpace else { throw error(at: i, "expected white space, '>' or '/>' in <\(name)") }
                let attr = try readName()
                skipSpace()
                guard i < bytes.count && bytes[i] == UInt8(ascii: "=") else { throw error(at: i, "expected '=' after attribute \(attr)") }
                i += 1
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw error(at: i, "expected a quoted value for attribute \(attr)")
                }
                let quote = bytes[i]
                i += 1
                let start = i
                while i < bytes.count && bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "<") { throw error(at: i, "'<' in the value of attribute \(attr)") }
                    i += 1
                }
                guard i < bytes.count else { throw error(at: start, "unterminated value of attribute \(attr)") }
                let value = try decode(start, i)
                i += 1
                attributes.append((attr, value))
            }
        }
        if let open = stack.last { throw error(at: i, "the part ends inside <\(open)> (truncated or malformed XML)") }
        if !sawRoot { throw error(at: i, "no root element (empty or not XML)") }
        return nil
    }

    private var sawRoot = false

    /// Skips the current element's content up to and including its end tag (after a non-self-closing `.start`).
    mutating func skipElement() throws {
        var depth = 1
        while depth > 0, let e = try next() {
            switch e {
            case .start(_, _, let selfClosing): if !selfClosing { depth += 1 }
            case .end: depth -= 1
            case .text: break
            }
        }
    }

    /// The character data of the current element up to its end tag, ignoring nested elements' tags but keeping their
    /// text (after a non-self-closing `.start`).
    mutating func textContent() throws -> String {
        var out = ""
        var depth = 1
        while depth > 0, let e = try next() {
            switch e {
            case .start(_, _, let selfClosing): if !selfClosing { depth += 1 }
            case .end: depth -= 1
            case .text(let t): out += t
            }
        }
        return out
    }

    /// An error at the current position.
    func error(_ message: String) -> InputError { error(at: i, message) }

    /// An error at byte offset `at`: the part, its line and column (in bytes).
    func error(at: Int, _ message: String) -> InputError {
        var line = 1, col = 1
        for k in 0..<min(at, bytes.count) {
            if bytes[k] == 0x0A { line += 1; col = 1 } else { col += 1 }
        }
        return InputError(file: "\(place):\(line):\(col)", "malformed XML: \(message)")
    }

    // MARK: - Pieces

    private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let s = i
        while i < bytes.count && isSpace(bytes[i]) { i += 1 }
        return i > s
    }

    private func starts(with s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    private func find(_ s: StaticString, from: Int) -> Int? {
        let n = s.utf8CodeUnitCount, p = s.utf8Start
        var k = from
        while k + n <= bytes.count {
            if bytes[k] == p[0] {
                var ok = true
                for m in 1..<n where bytes[k + m] != p[m] { ok = false; break }
                if ok { return k }
            }
            k += 1
        }
        return nil
    }

    private mutating func readName() throws -> String {
        let s = i
        while i < bytes.count {
            let c = bytes[i]
            if isSpace(c) || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=") || c == UInt8(ascii: "<")
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { break }
            i += 1
        }
        guard i > s else { throw error(at: s, "expected a name") }
        return String(decoding: bytes[s..<i], as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Bytes `from..<to` as text with entities and character references decoded; invalid UTF-8 is an error.
    private func decode(_ from: Int, _ to: Int) throws -> String {
        var hasAmp = false
        for k in from..<to where bytes[k] == UInt8(ascii: "&") { hasAmp = true; break }
        guard hasAmp else { return try utf8(from, to) }
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var k = from
        while k < to {
            let c = bytes[k]
            guard c == UInt8(ascii: "&") else { out.append(c); k += 1; continue }
            var e = k + 1
            while e < to && bytes[e] != UInt8(ascii: ";") && e - k < 12 { e += 1 }
            guard e < to && bytes[e] == UInt8(ascii: ";") else { throw error(at: k, "'&' that starts no entity (write &amp;)") }
            let name = String(decoding: bytes[(k + 1)..<e], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var code: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") { code = UInt32(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { code = UInt32(name.dropFirst(), radix: 10) }
                guard let code, code != 0, let scalar = Unicode.Scalar(code) else {
                    throw error(at: k, "unknown entity &\(name); (only &lt; &gt; &amp; &quot; &apos; and character references)")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = e + 1
        }
        return try out.withUnsafeBufferPointer { b in
            guard let s = String(validating: b, as: UTF8.self) else { throw error(at: from, "text that is not UTF-8") }
            return s
        }
    }

    private func utf8(_ from: Int, _ to: Int) throws -> String {
        try bytes.withUnsafeBufferPointer { b in
            let slice = UnsafeBufferPointer(rebasing: b[from..<to])
            // ASCII fast path.
            if !slice.contains(where: { $0 >= 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            guard let s = String(validating: slice, as: UTF8.self) else { throw error(at: from, "text that is not UTF-8") }
            return s
        }
    }
}
