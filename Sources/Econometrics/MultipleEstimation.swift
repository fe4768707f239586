import DataIO

extension Formula {
    /// Expands fixest's multiple-estimation helpers into one formula per model:
    /// `csw(a, b, c)` (cumulative stepwise) gives `a`, `a + b`, `a + b + c`; `sw(a, b, c)` gives `a`, `b`, `c`.
    /// One helper per formula. A formula without a helper gives itself.
    /// - Throws: `InputError` for an unbalanced or empty helper, a second helper, or an invalid variant.
    public static func expandingMultiple(_ text: String) throws -> [Formula] {
        let chars = Array(text)
        var found: (name: String, start: Int, open: Int)? = nil
        var i = 0
        while i < chars.count {
            for name in ["csw", "sw"] {
                let n = Array(name)
                guard i + n.count < chars.count, Array(chars[i..<(i + n.count)]) == n else { continue }
                let before = i == 0 ? " " : chars[i - 1]
                guard !(before.isLetter || before.isNumber || before == "_" || before == ".") else { continue }
                var j = i + n.count
                while j < chars.count && chars[j] == " " { j += 1 }
                guard j < chars.count, chars[j] == "(" else { continue }
                if found != nil { throw formulaError(i + 1, "only one csw() or sw() per formula") }
                found = (name, i, j)
                i = j
                break
            }
            i += 1
        }
        guard let helper = found else { return [try Formula(text)] }
        // Arguments at depth 0, up to the matching parenthesis.
        var depth = 0
        var args: [String] = []
        var current = ""
        var close: Int? = nil
        for k in (helper.open + 1)..<chars.count {
            let c = chars[k]
            if c == "(" { depth += 1 }
            if c == ")" {
                if depth == 0 { close = k; break }
                depth -= 1
            }
            if c == "," && depth == 0 { args.append(current); current = ""; continue }
            current.append(c)
        }
        guard let end = close else { throw formulaError(helper.open + 1, "\(helper.name)( is not closed") }
        args.append(current)
        args = args.map { $0.strippingBlanks() }
        guard !args.contains(where: \.isEmpty) else { throw formulaError(helper.start + 1, "\(helper.name)() has an empty argument") }
        let head = String(chars[..<helper.start]), tail = String(chars[(end + 1)...])
        var variants: [String] = []
        for k in 0..<args.count {
            let part = helper.name == "csw" ? args[0...k].joined(separator: " + ") : args[k]
            variants.append(head + "(" + part + ")" + tail)
        }
        return try variants.map { try Formula($0) }
    }
}
