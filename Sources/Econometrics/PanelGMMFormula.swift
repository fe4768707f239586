import DataIO

/// A dynamic-panel GMM formula, close to R's `pgmm` and Stata's `xtabond2`, in this package's formula language:
///
///     log(emp) ~ l(log(emp), 1:2) + l(log(wage), 0:1) + log(capital) | year | gmm(log(emp), 2:99) + iv(x)
///
/// - The first part is an ordinary right-hand side; `l(x, a:b)` (and `d(x, a:b)`, `f(x, a:b)`) expands to one
///   term per lag `a`...`b`. The intercept is dropped (it differences out).
/// - An optional middle part naming the panel's time variable adds time effects (period dummies).
/// - The last part lists GMM-style instruments `gmm(x, a:b)` (levels of `x` lagged `a` to `b` periods, one
///   column per equation period and lag, or per lag when collapsed) and IV-style instruments `iv(z)` (used in
///   differences, one column). Regressors that read none of the variables of a `gmm()` instrument are treated as
///   strictly exogenous and instrument themselves (in differences), as `pgmm` does.
public struct PanelGMMFormula: Equatable {
    /// One GMM-style instrument: an expression and its lag range.
    public struct GMMStyle: Equatable {
        /// The expression's text (evaluated like a formula response).
        public var expression: String
        /// The shortest lag used (at least 1; 2 for the lagged response in differences).
        public var minLag: Int
        /// The longest lag used (`99` in `2:99` stands for "all available").
        public var maxLag: Int
    }

    /// The formula text as given.
    public let text: String
    /// The main equation as an ordinary formula text, lag ranges expanded and the intercept removed.
    public let equation: String
    /// The time-effects variable named in the middle part, if any.
    public let timeEffects: String?
    /// GMM-style instruments.
    public let gmm: [GMMStyle]
    /// IV-style instrument expressions.
    public let iv: [String]

    /// Parses `text`; throws an `InputError` with key `formula` describing the problem.
    public init(_ text: String) throws {
        self.text = text
        let parts = try PanelGMMFormula.splitTopLevel(text, on: "|")
        guard parts.count == 2 || parts.count == 3 else {
            throw InputError(key: "formula", "a GMM formula has two or three parts separated by '|': 'y ~ x | gmm(y, 2:99)' or 'y ~ x | TIME | gmm(y, 2:99)', found \(parts.count)")
        }
        equation = try PanelGMMFormula.expandRanges(parts[0]) + " - 1"
        if parts.count == 3 {
            let t = parts[1].strippingBlanks()
            guard !t.isEmpty, t.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw InputError(key: "formula", "the middle part of a GMM formula names the time variable for time effects, found '\(t)'")
            }
            timeEffects = t
        } else {
            timeEffects = nil
        }
        var gmm: [GMMStyle] = [], iv: [String] = []
        for raw in try PanelGMMFormula.splitTopLevel(parts[parts.count - 1], on: "+") {
            let item = raw.strippingBlanks()
            guard let open = item.firstIndex(of: "("), item.hasSuffix(")") else {
                throw InputError(key: "formula", "instruments are written gmm(x, 2:99) or iv(z), found '\(item)'")
            }
            let name = String(item[..<open]).strippingBlanks()
            let inner = String(item[item.index(after: open)..<item.index(before: item.endIndex)])
            let args = try PanelGMMFormula.splitTopLevel(inner, on: ",").map { $0.strippingBlanks() }
            switch name {
            case "gmm":
                guard args.count == 2, !args[0].isEmpty, let range = PanelGMMFormula.lagRange(args[1]) else {
                    throw InputError(key: "formula", "gmm() takes an expression and a lag range such as 2:99, found '\(item)'")
                }
                guard range.lowerBound >= 1 else {
                    throw InputError(key: "formula", "the lag range of '\(item)' starts at \(range.lowerBound); GMM-style instruments in differences need lags of at least 1 (2 for the lagged response)")
                }
                gmm.append(GMMStyle(expression: args[0], minLag: range.lowerBound, maxLag: range.upperBound))
            case "iv":
                guard args.count == 1, !args[0].isEmpty else {
                    throw InputError(key: "formula", "iv() takes one expression, found '\(item)'")
                }
                iv.append(args[0])
            default:
                throw InputError(key: "formula", "unknown instrument '\(name)(' (known: gmm, iv)")
            }
        }
        guard !gmm.isEmpty else {
            throw InputError(key: "formula", "a GMM formula needs at least one GMM-style instrument, e.g. gmm(y, 2:99)")
        }
        self.gmm = gmm
        self.iv = iv
    }

    /// `a:b` as a closed range; nil when it is not two whole numbers with `a <= b`.
    static func lagRange(_ text: String) -> ClosedRange<Int>? {
        let sides = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).strippingBlanks() }
        guard sides.count == 2, let a = Int(sides[0]), let b = Int(sides[1]), a >= 0, a <= b, b <= 10_000 else {
            return nil
        }
        return a...b
    }

    /// Splits `text` on `separator` outside parentheses and quotes.
    static func splitTopLevel(_ text: String, on separator: Character) throws -> [String] {
        var parts: [String] = [], current = "", depth = 0, quote: Character? = nil
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c; current.append(c)
            case "(": depth += 1; current.append(c)
            case ")":
                depth -= 1
                guard depth >= 0 else { throw InputError(key: "formula", "unbalanced ')' in '\(text)'") }
                current.append(c)
            default:
                if c == separator && depth == 0 { parts.append(current); current = "" } else { current.append(c) }
            }
        }
        guard depth == 0 else { throw InputError(key: "formula", "unbalanced '(' in '\(text)'") }
        parts.append(current)
        return parts
    }

    /// Rewrites each `l(x, a:b)` (also `f`, `d`) as `l(x, a) + ... + l(x, b)`.
    static func expandRanges(_ text: String) throws -> String {
        let chars = Array(text)
        var out = "", i = 0
        while i < chars.count {
            let c = chars[i]
            let boundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" || chars[i - 1] == ".")
            if boundary, ["l", "f", "d"].contains(c), i + 1 < chars.count, chars[i + 1] == "(" {
                // Find the matching ')'.
                var depth = 0, j = i + 1
                while j < chars.count {
                    if chars[j] == "(" { depth += 1 } else if chars[j] == ")" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                if j < chars.count {
                    let inner = String(chars[(i + 2)..<j])
                    let args = try splitTopLevel(inner, on: ",")
                    if args.count == 2, args[1].contains(":") {
                        guard let range = lagRange(args[1]) else {
                            throw InputError(key: "formula", "the lag range '\(args[1].strippingBlanks())' in '\(c)(\(inner))' is empty or not two whole numbers a:b with a <= b")
                        }
                        let inside = try expandRanges(args[0])
                        out += range.map { "\(c)(\(inside.strippingBlanks()), \($0))" }.joined(separator: " + ")
                        i = j + 1
                        continue
                    }
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}

extension FormulaExpression {
    /// The longest lag (in periods) an expression reaches back: `l(x, k)` and `d(x, k)` add `k`.
    var maximumLag: Int {
        switch self {
        case .variable, .number, .string: return 0
        case .named(_, let e), .negate(let e): return e.maximumLag
        case .binary(_, let a, let b): return max(a.maximumLag, b.maximumLag)
        case .call(let f, let args, _):
            let inner = args.map(\.maximumLag).max() ?? 0
            guard f == "l" || f == "d" else { return inner }
            var k = 1
            if args.count == 2, case .number(let d) = args[1] { k = Int(d) }
            return inner + k
        }
    }
}
