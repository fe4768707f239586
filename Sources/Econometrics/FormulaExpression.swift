/// An arithmetic expression inside a formula term: a variable, a number, a function call or an operation.
///
/// `label` prints it back the way R's `deparse` does (`log(x)`, `I(a * b)`, `l(x, 1)`, `x^2`, `a/b`), which is
/// how fixest names coefficients; positions are 1-based character offsets into the formula text.
public indirect enum FormulaExpression: Equatable {
    /// A data column, with the position where it is named.
    case variable(String, position: Int)
    /// A numeric literal.
    case number(Double)
    /// A function: `log`, `exp`, `sqrt`, `abs`, `I`, panel operators `l`, `f`, `d`, factor `i`.
    case call(String, [FormulaExpression], position: Int)
    /// A binary operation: one of `+ - * / ^`.
    case binary(Character, FormulaExpression, FormulaExpression)
    /// Unary minus.
    case negate(FormulaExpression)
    /// A named argument (`ref = "x"` in `i(var, ref = "x")`).
    case named(String, FormulaExpression)
    /// A quoted string (only as an argument, e.g. a reference level).
    case string(String)

    /// The expression as R deparses it.
    public var label: String {
        switch self {
        case .variable(let n, _): return n
        case .number(let d): return formatLevel(d)
        case .string(let s): return "\"\(s)\""
        case .call(let f, let args, _): return f + "(" + args.map(\.label).joined(separator: ", ") + ")"
        case .binary(let op, let a, let b):
            let la = a.needsParentheses(inside: op, right: false) ? "(\(a.label))" : a.label
            let lb = b.needsParentheses(inside: op, right: true) ? "(\(b.label))" : b.label
            return (op == "/" || op == "^") ? "\(la)\(op)\(lb)" : "\(la) \(op) \(lb)"
        case .negate(let e):
            if case .binary = e { return "-(\(e.label))" }
            return "-" + e.label
        case .named(let n, let e): return "\(n) = \(e.label)"
        }
    }

    private static func precedence(_ op: Character) -> Int {
        switch op {
        case "+", "-": return 1
        case "*", "/": return 2
        default: return 3
        }
    }

    private func needsParentheses(inside op: Character, right: Bool) -> Bool {
        guard case .binary(let inner, _, _) = self else { return false }
        let p = Self.precedence(inner), q = Self.precedence(op)
        if p < q { return true }
        if p == q && right && op != "+" && op != "*" { return true }
        if p == q && !right && op == "^" { return true }
        return false
    }

    /// Every variable the expression reads, with its position, in order of appearance.
    public var variables: [(name: String, position: Int)] {
        switch self {
        case .variable(let n, let p): return [(n, p)]
        case .number, .string: return []
        case .call(_, let args, _): return args.flatMap(\.variables)
        case .binary(_, let a, let b): return a.variables + b.variables
        case .negate(let e), .named(_, let e): return e.variables
        }
    }
}

/// One term of a formula's right-hand side: a product of expressions joined by `:` (a single expression for
/// an ordinary term). A term containing `i(var)` or a text variable expands to one column per level.
public struct FormulaTerm: Equatable {
    /// The interacted parts (`a:b` has two).
    public var factors: [FormulaExpression]

    /// A term from its parts.
    public init(factors: [FormulaExpression]) { self.factors = factors }

    /// The term as written in fixest style: parts joined by `:`.
    public var label: String { factors.map(\.label).joined(separator: ":") }

    /// Every variable the term reads, with positions.
    public var variables: [(name: String, position: Int)] { factors.flatMap(\.variables) }

    /// Terms are the same when they read the same (positions in the text do not matter).
    public static func == (a: FormulaTerm, b: FormulaTerm) -> Bool { a.label == b.label }
}

/// A fixed effect to absorb: one variable, or several combined with `^` (`firm^year`).
public struct FixedEffectSpec: Equatable {
    /// The variables combined (one for a plain fixed effect).
    public var variables: [String]
    /// Positions of the variables in the formula text.
    public var positions: [Int]
    /// The label as written: the names joined by `^`.
    public var label: String { variables.joined(separator: "^") }
}
