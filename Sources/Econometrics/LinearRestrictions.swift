import DataIO
import Linalg

/// Linear restrictions `R b = q` on a coefficient vector whose elements have names (in a system,
/// `EQUATION:term`, e.g. `GE:value` or `S1:(Intercept)`).
///
/// Written as text, one restriction is a linear equation in coefficient names and numbers:
///
///     GE:value = WE:value                      (cross-equation equality)
///     S1:lp1 + S1:lp2 + S1:lp3 = 0             (homogeneity)
///     2*GE:value - 0.5 * WE:capital + 1 = US:value
///
/// Each side is a sum of terms joined by `+` and `-`; a term is a number, a coefficient name, or
/// `number*name` (also `name*number`). Names may contain parentheses and operators inside them
/// (`S1:log(p1/p2)`); `+` and `-` only separate terms outside parentheses. Terms are collected on the left,
/// numbers on the right. A name that appears twice has its weights added.
public struct LinearRestrictions: Equatable {
    /// The restriction matrix R (restrictions x coefficients).
    public let matrix: Matrix
    /// The right-hand side q.
    public let rhs: [Double]
    /// How each restriction was written (used in messages and reports).
    public let texts: [String]

    /// Number of restrictions.
    public var count: Int { rhs.count }

    /// Restrictions given directly as `R` and `q`; throws when the shapes disagree or a value is not finite.
    public init(matrix: Matrix, rhs: [Double], texts: [String]? = nil) throws {
        guard matrix.rows == rhs.count else {
            throw InputError(key: "restrictions", "R has \(matrix.rows) rows but q has \(rhs.count) values")
        }
        guard matrix.isFinite, rhs.allSatisfy({ $0.isFinite }) else {
            throw InputError(key: "restrictions", "restrictions must have finite weights and right-hand sides")
        }
        self.matrix = matrix
        self.rhs = rhs
        self.texts = texts ?? (0..<rhs.count).map { "restriction \($0 + 1)" }
        guard self.texts.count == rhs.count else {
            throw InputError(key: "restrictions", "\(self.texts.count) texts for \(rhs.count) restrictions")
        }
    }

    /// Parses restrictions written as text against the names of the coefficients (in coefficient order).
    /// Throws an `InputError` keyed by the restriction's text when it cannot be read or names an unknown
    /// coefficient.
    public static func parse(_ texts: [String], coefficientNames: [String]) throws -> LinearRestrictions {
        var index: [String: Int] = [:]
        for (k, name) in coefficientNames.enumerated() { index[name] = k }
        var r = Matrix(rows: texts.count, cols: coefficientNames.count)
        var q = [Double](repeating: 0, count: texts.count)
        for (row, text) in texts.enumerated() {
            let (weights, constant) = try parseOne(text, index: index, names: coefficientNames)
            for (k, w) in weights { r[row, k] = w }
            q[row] = constant
        }
        return try LinearRestrictions(matrix: r, rhs: q, texts: texts)
    }

    /// Checks that no restriction is implied by (redundant) or contradicts the ones before it, and that
    /// fewer restrictions than coefficients are given. Throws an `InputError` naming the first offender.
    public func checkIndependent() throws {
        let k = matrix.cols
        guard count > 0 else { return }
        guard count < k else {
            throw InputError(key: "restrictions", "\(count) restrictions on \(k) coefficients leave nothing to estimate; give fewer than \(k)")
        }
        // Each restriction is scaled to weights of at most 1 in absolute value first (with its right-hand side), so
        // that the test is relative: a restriction written with weights of 1e160 or 1e-160 is the same restriction,
        // and the sums of squares inside the QR neither overflow nor underflow.
        var r = matrix, q = rhs, scale = [Double](repeating: 1, count: count)
        for i in 0..<count {
            var m = 0.0
            for j in 0..<k { m = max(m, abs(matrix[i, j])) }
            guard m > 0, m.isFinite else { continue }
            scale[i] = m
            for j in 0..<k { r[i, j] = matrix[i, j] / m }
            q[i] = rhs[i] / m
        }
        // Rows of R are columns of R'; QR with ordered collinearity detection finds rows implied by earlier rows.
        let rt = r.transposed
        let fit = try LeastSquares(x: rt, y: [Double](repeating: 0, count: k), tolerance: 1e-10)
        guard let first = fit.dropped.first else { return }
        let kept = fit.kept.filter { $0 < first }
        var implied = 0.0
        if !kept.isEmpty {
            let combo = try LeastSquares(x: rt.selectingColumns(kept), y: r.row(first), tolerance: 1e-10)
            for (c, j) in zip(combo.coefficients, combo.kept.map({ kept[$0] })) { implied += c * q[j] }
        }
        let tolerance = max(1, abs(q[first]), abs(implied))
        if abs(q[first] - implied) <= 1e-8 * tolerance {
            throw InputError(key: texts[first], "restriction \(first + 1) is redundant: it follows from the restrictions before it; remove it")
        }
        throw InputError(key: texts[first], "restriction \(first + 1) contradicts the restrictions before it (their coefficients imply right-hand side \(implied * scale[first]), not \(rhs[first]))")
    }

    // MARK: - Parsing

    private static func parseOne(_ text: String, index: [String: Int], names: [String]) throws -> ([Int: Double], Double) {
        let parts = splitTopLevel(text, on: "=")
        guard parts.count == 2 else {
            throw InputError(key: text, "a restriction needs exactly one '=' (for example \"GE:value = WE:value\")")
        }
        var weights: [Int: Double] = [:]
        var constant = 0.0
        for (side, sign) in [(parts[0], 1.0), (parts[1], -1.0)] {
            let terms = try splitTerms(side, text: text)
            for (termSign, term) in terms {
                let (w, name) = try parseTerm(term, text: text)
                if let name {
                    guard let k = index[name] else {
                        let hint = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", ..." : "")
                        throw InputError(key: text, "unknown coefficient '\(name)'; coefficients are named EQUATION:term, here: \(hint)")
                    }
                    weights[k, default: 0] += sign * termSign * w
                } else {
                    constant -= sign * termSign * w
                }
            }
        }
        weights = weights.filter { $0.value != 0 }
        guard !weights.isEmpty else {
            throw InputError(key: text, "the restriction involves no coefficient (they cancel or none is named)")
        }
        return (weights, constant)
    }

    /// Splits at `separator` outside parentheses.
    private static func splitTopLevel(_ s: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for ch in s {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == separator && depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
        }
        parts.append(current)
        return parts
    }

    /// Splits one side into signed terms at `+`/`-` outside parentheses (not the sign of a number's exponent).
    private static func splitTerms(_ side: String, text: String) throws -> [(Double, String)] {
        var terms: [(Double, String)] = []
        var depth = 0
        var sign = 1.0
        var current = ""
        func flush() throws {
            let t = current.trimmingSpaces()
            if t.isEmpty { throw InputError(key: text, "a term is missing (check for a doubled or trailing '+' or '-', or an empty side)") }
            terms.append((sign, t))
            current = ""
        }
        for ch in side {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if depth < 0 { throw InputError(key: text, "unbalanced parentheses") }
            if (ch == "+" || ch == "-") && depth == 0 && !endsInExponent(current) {
                let t = current.trimmingSpaces()
                if t.isEmpty && terms.isEmpty {
                    // A leading sign: "-GE:value = ..."
                    if ch == "-" { sign = -sign }
                    continue
                }
                try flush()
                sign = ch == "-" ? -1 : 1
                continue
            }
            current.append(ch)
        }
        if depth != 0 { throw InputError(key: text, "unbalanced parentheses") }
        try flush()
        return terms
    }

    /// True when `s` is a number's mantissa followed by `e`/`E` (so a following sign belongs to the exponent).
    private static func endsInExponent(_ s: String) -> Bool {
        let t = s.trimmingSpaces()
        let tail = t.split(separator: "*", omittingEmptySubsequences: false).last.map { String($0).trimmingSpaces() } ?? t
        guard tail.count >= 2, let last = tail.last, last == "e" || last == "E" else { return false }
        return isNumber(String(tail.dropLast()))
    }

    private static func isNumber(_ s: String) -> Bool {
        let t = s.trimmingSpaces()
        guard !t.isEmpty, case .value = parseNumber(t) else { return false }
        return true
    }

    /// A term: number, name, number*name or name*number. Returns the weight and the name (nil for a constant).
    private static func parseTerm(_ term: String, text: String) throws -> (Double, String?) {
        let factors = splitTopLevel(term, on: "*").map { $0.trimmingSpaces() }
        var weight = 1.0
        var name: String?
        for f in factors {
            if f.isEmpty { throw InputError(key: text, "a factor is missing around '*' in '\(term)'") }
            if case .value(let v) = parseNumber(f) {
                weight *= v
            } else if name == nil {
                name = f
            } else {
                throw InputError(key: text, "'\(term)' multiplies two coefficients; restrictions must be linear")
            }
        }
        guard weight.isFinite else { throw InputError(key: text, "the weight in '\(term)' is not a finite number") }
        return (weight, name)
    }
}

fileprivate extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
