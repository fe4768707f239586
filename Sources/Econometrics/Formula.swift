import DataIO

/// A regression formula in fixest syntax, parsed:
///
///     y ~ x1 + log(x2) + I(a*b) + a:b + a*b + i(var) + l(x, 1) + f(x, 1) + d(x) | fe1 + fe2^fe3 | endog ~ instr
///
/// - The right-hand side is a sum of terms; `a*b` expands to `a + b + a:b`; `- 1` or `+ 0` removes the
///   intercept, `- x` removes a term.
/// - Functions: `log`, `exp`, `sqrt`, `abs`, `I(...)` for arithmetic (`+ - * / ^`), panel operators
///   `l(x, k)` (lag, k defaults to 1), `f(x, k)` (lead), `d(x, k)` (difference x_t - x_{t-k}), and
///   `i(var)` / `i(var, ref = "level")` for a factor's dummies. A text variable used as a term is a factor too.
/// - After the first `|`: fixed effects to absorb (`fe1 + fe2`, combinations `fe1^fe2`). A last part with a
///   `~` is the instrumental-variable part `endog1 + endog2 ~ instr1 + instr2`; `y ~ x | endog ~ instr` and
///   `y ~ x | fe | endog ~ instr` are both accepted.
///
/// Errors are `InputError`s with key `formula` and `column` the 1-based character position.
///
/// Nesting is bounded: parentheses, calls, signs and powers may nest at most `maximumDepth` (200) levels deep, and
/// an arithmetic expression's tree is at most that deep (a chain `a + b + ...` inside `I()` counts one level per
/// operator), so that neither the parser nor anything walking the expressions can exhaust the stack; deeper
/// formulas are an error naming the character where the limit is passed.
/// The whole words of formula text (runs of letters, digits and `_`): the variable and function names it may read,
/// e.g. `I`, `om`, `ict` in `I(om * ict)`. The one way estimate, its report and the value-chain columns ask which
/// panel variables a formula or a term uses.
public func formulaWords(_ text: String) -> Set<String> {
    var words = Set<String>()
    var word = ""
    for ch in text {
        if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch) } else if !word.isEmpty { words.insert(word); word = "" }
    }
    if !word.isEmpty { words.insert(word) }
    return words
}

public struct Formula: Equatable {
    /// The deepest nesting of parentheses, calls, signs and operators a formula may have.
    public static let maximumDepth = 200

    /// The formula text as given.
    public let text: String
    /// The dependent variable.
    public let response: FormulaExpression
    /// Right-hand-side terms (exogenous regressors) in order, without duplicates.
    public let terms: [FormulaTerm]
    /// True unless the formula removes the intercept (`- 1`, `+ 0`). Ignored when fixed effects are absorbed.
    public let hasIntercept: Bool
    /// Fixed effects to absorb, in order.
    public let fixedEffects: [FixedEffectSpec]
    /// Endogenous regressors (IV part, left of its `~`).
    public let endogenous: [FormulaTerm]
    /// Excluded instruments (IV part, right of its `~`).
    public let instruments: [FormulaTerm]

    /// True for an instrumental-variables formula.
    public var isIV: Bool { !endogenous.isEmpty }

    /// Parses `text`; throws an `InputError` naming the character position of the problem.
    public init(_ text: String) throws {
        self.text = text
        var p = FormulaParser(text: text, tokens: try tokenize(text))
        let parsed = try p.parseFormula()
        response = parsed.response
        terms = parsed.terms
        hasIntercept = parsed.intercept
        fixedEffects = parsed.fixedEffects
        endogenous = parsed.endogenous
        instruments = parsed.instruments
    }

    /// Every variable the formula reads (response, terms, fixed effects, IV part), each once, with the position
    /// of its first mention.
    public var variables: [(name: String, position: Int)] {
        var seen = Set<String>()
        var out: [(String, Int)] = []
        let all = response.variables + terms.flatMap(\.variables)
            + fixedEffects.flatMap { fe in zip(fe.variables, fe.positions).map { ($0, $1) } }
            + endogenous.flatMap(\.variables) + instruments.flatMap(\.variables)
        for (n, pos) in all where seen.insert(n).inserted { out.append((n, pos)) }
        return out
    }

    public static func == (a: Formula, b: Formula) -> Bool { a.text == b.text }
}

// MARK: - Tokens

enum FormulaToken: Equatable {
    case identifier(String)
    case number(Double)
    case string(String)
    case symbol(Character)
    case end
}

struct PositionedToken {
    let token: FormulaToken
    let position: Int  // 1-based character offset
}

func formulaError(_ position: Int, _ message: String) -> InputError {
    InputError(key: "formula", "at character \(position): \(message)")
}

/// Splits a formula into tokens; identifiers may contain letters, digits, `_` and `.`, or be back-quoted.
func tokenize(_ text: String) throws -> [PositionedToken] {
    let chars = Array(text)
    var out: [PositionedToken] = []
    var i = 0
    func isIdentStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "." }
    func isIdentChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
    while i < chars.count {
        let c = chars[i]
        let pos = i + 1
        if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
        if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
            var j = i
            while j < chars.count && (chars[j].isNumber || chars[j] == ".") { j += 1 }
            if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                var k = j + 1
                if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                if k < chars.count && chars[k].isNumber {
                    j = k
                    while j < chars.count && chars[j].isNumber { j += 1 }
                }
            }
            let s = String(chars[i..<j])
            guard case .value(let v) = parseNumber(s) else { throw formulaError(pos, "'\(s)' is not a number") }
            out.append(PositionedToken(token: .number(v), position: pos))
            i = j
        } else if isIdentStart(c) {
            var j = i
            while j < chars.count && isIdentChar(chars[j]) { j += 1 }
            out.append(PositionedToken(token: .identifier(String(chars[i..<j])), position: pos))
            i = j
        } else if c == "`" || c == "\"" || c == "'" {
            var j = i + 1
            while j < chars.count && chars[j] != c { j += 1 }
            guard j < chars.count else { throw formulaError(pos, "unterminated \(c == "`" ? "back-quoted name" : "string")") }
            let s = String(chars[(i + 1)..<j])
            out.append(PositionedToken(token: c == "`" ? .identifier(s) : .string(s), position: pos))
            i = j + 1
        } else if "~|+-*/^:(),=".contains(c) {
            out.append(PositionedToken(token: .symbol(c), position: pos))
            i += 1
        } else {
            throw formulaError(pos, "unexpected character '\(c)'")
        }
    }
    out.append(PositionedToken(token: .end, position: chars.count + 1))
    return out
}

// MARK: - Parser

/// Functions allowed in formulas, with their accepted numbers of positional arguments.
let formulaFunctions: [String: ClosedRange<Int>] = [
    "log": 1...1, "exp": 1...1, "sqrt": 1...1, "abs": 1...1, "I": 1...1,
    "l": 1...2, "f": 1...2, "d": 1...2, "i": 1...1,
]

struct FormulaParser {
    let text: String
    let tokens: [PositionedToken]
    var index = 0
    /// Recursive calls of the parser in progress (parentheses, calls, signs, powers being parsed).
    var nesting = 0
    /// Depth of the expression tree the last `parse...` of an expression returned (a leaf is 1).
    var depth = 0

    struct Parsed {
        var response: FormulaExpression
        var terms: [FormulaTerm]
        var intercept: Bool
        var fixedEffects: [FixedEffectSpec]
        var endogenous: [FormulaTerm]
        var instruments: [FormulaTerm]
    }

    /// A list of terms with an optional intercept switch (`0`/`-1` off, `1` on).
    struct TermList {
        var terms: [FormulaTerm] = []
        var intercept: Bool? = nil
    }

    init(text: String, tokens: [PositionedToken]) {
        self.text = text
        self.tokens = tokens
    }

    var current: PositionedToken { tokens[index] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func describe(_ t: FormulaToken) -> String {
        switch t {
        case .identifier(let s): return "'\(s)'"
        case .number(let d): return "'\(formatLevel(d))'"
        case .string(let s): return "\"\(s)\""
        case .symbol(let c): return "'\(c)'"
        case .end: return "the end of the formula"
        }
    }

    /// Enters one more level of recursion at `position`; throws past `Formula.maximumDepth`. Pair with `leave()`.
    mutating func enter(_ position: Int) throws {
        nesting += 1
        guard nesting <= Formula.maximumDepth else {
            throw formulaError(position, "the formula nests more than \(Formula.maximumDepth) levels deep (parentheses, calls, signs or powers); simplify it")
        }
    }

    /// Leaves a level entered with `enter(_:)`.
    mutating func leave() { nesting -= 1 }

    /// Records that the expression just built has tree depth `d`; throws past `Formula.maximumDepth`.
    mutating func built(depth d: Int, at position: Int) throws {
        depth = d
        guard d <= Formula.maximumDepth else {
            throw formulaError(position, "the expression is more than \(Formula.maximumDepth) operations deep; split it into fewer operations or variables computed in the data")
        }
    }

    mutating func expect(_ c: Character, _ what: String) throws {
        guard current.token == .symbol(c) else {
            throw formulaError(current.position, "expected \(what), found \(describe(current.token))")
        }
        advance()
    }

    mutating func parseFormula() throws -> Parsed {
        if current.token == .end { throw formulaError(1, "the formula is empty (expected 'y ~ x1 + x2')") }
        let response = try parseArithmetic()
        try expect("~", "'~' after the dependent variable")
        let rhs = try parseSum(stopAt: ["|"])
        var fes: [FixedEffectSpec] = []
        var endog: [FormulaTerm] = [], instr: [FormulaTerm] = []
        var sawFE = false
        while current.token == .symbol("|") {
            let barPos = current.position
            advance()
            if !endog.isEmpty { throw formulaError(barPos, "nothing may follow the instrumental-variable part") }
            if partHasTilde() {
                let e = try parseSum(stopAt: ["~"])
                try expect("~", "'~' between endogenous variables and instruments")
                let z = try parseSum(stopAt: ["|"])
                guard !e.terms.isEmpty else { throw formulaError(barPos, "the IV part names no endogenous variable") }
                guard !z.terms.isEmpty else { throw formulaError(barPos, "the IV part names no instrument") }
                endog = e.terms
                instr = z.terms
            } else {
                if sawFE { throw formulaError(barPos, "a second fixed-effects part (put all fixed effects in one: '| fe1 + fe2')") }
                sawFE = true
                fes = try parseFixedEffects()
            }
        }
        guard current.token == .end else {
            throw formulaError(current.position, "unexpected \(describe(current.token))")
        }
        guard !rhs.terms.isEmpty || rhs.intercept != false || !endog.isEmpty || !fes.isEmpty else {
            throw formulaError(current.position, "the model has no regressors")
        }
        return Parsed(response: response, terms: rhs.terms, intercept: rhs.intercept ?? true,
                      fixedEffects: fes, endogenous: endog, instruments: instr)
    }

    /// True when a `~` occurs before the next top-level `|` or the end.
    func partHasTilde() -> Bool {
        var depth = 0
        var k = index
        while k < tokens.count {
            switch tokens[k].token {
            case .symbol("("): depth += 1
            case .symbol(")"): depth -= 1
            case .symbol("|") where depth == 0: return false
            case .symbol("~") where depth == 0: return true
            case .end: return false
            default: break
            }
            k += 1
        }
        return false
    }

    mutating func parseFixedEffects() throws -> [FixedEffectSpec] {
        var out: [FixedEffectSpec] = []
        while true {
            var vars: [String] = [], pos: [Int] = []
            while true {
                guard case .identifier(let name) = current.token else {
                    throw formulaError(current.position, "expected a fixed-effect variable, found \(describe(current.token))")
                }
                vars.append(name)
                pos.append(current.position)
                advance()
                if current.token == .symbol("^") { advance(); continue }
                break
            }
            let spec = FixedEffectSpec(variables: vars, positions: pos)
            if !out.contains(where: { $0.label == spec.label }) { out.append(spec) }
            if current.token == .symbol("+") { advance(); continue }
            break
        }
        return out
    }

    // Term level: sum := [+|-] product (('+'|'-') product)*
    mutating func parseSum(stopAt: Set<Character>) throws -> TermList {
        var list = TermList()
        // The labels of the terms kept so far: de-duplication by hashing, linear in the terms (a list search per
        // term was quadratic, and every nesting level of parentheses repeated it).
        var labels = Set<String>()
        var sign: Character = "+"
        if current.token == .symbol("-") || current.token == .symbol("+") {
            if case .symbol(let c) = current.token { sign = c }
            advance()
        }
        while true {
            let start = current.position
            let item = try parseProduct()
            if sign == "+" {
                for t in item.terms where labels.insert(t.label).inserted { list.terms.append(t) }
                if let i = item.intercept { list.intercept = i }
            } else {
                if let i = item.intercept {
                    guard i else { throw formulaError(start, "'- 0' has no meaning (use '- 1' or '+ 0' to drop the intercept)") }
                    list.intercept = false
                }
                let removed = Set(item.terms.map(\.label))
                list.terms.removeAll { removed.contains($0.label) }
                labels.subtract(removed)
            }
            if case .symbol(let c) = current.token, c == "+" || c == "-" {
                sign = c
                advance()
                continue
            }
            return list
        }
    }

    // product := interaction ('*' interaction)*; a*b = a + b + a:b.
    mutating func parseProduct() throws -> TermList {
        var parts = [try parseInteraction()]
        while current.token == .symbol("*") {
            advance()
            parts.append(try parseInteraction())
        }
        if parts.count == 1 { return parts[0] }
        guard parts.count <= 6 else {
            throw formulaError(current.position, "a '*' product of \(parts.count) parts expands to \((1 << min(parts.count, 62)) - 1) terms; at most 6 parts are allowed")
        }
        for p in parts where p.intercept != nil {
            throw formulaError(current.position, "an intercept switch (0 or 1) cannot be part of a '*' product")
        }
        // All non-empty subsets, by degree then in order (R's ordering).
        var out = TermList()
        var labels = Set<String>()
        let n = parts.count
        var subsets: [[Int]] = []
        for mask in 1..<(1 << n) { subsets.append((0..<n).filter { mask & (1 << $0) != 0 }) }
        subsets.sort { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        for s in subsets {
            var acc = [FormulaTerm(factors: [])]
            for k in s { acc = cross(acc, parts[k].terms) }
            for t in acc where labels.insert(t.label).inserted { out.terms.append(t) }
        }
        return out
    }

    func cross(_ a: [FormulaTerm], _ b: [FormulaTerm]) -> [FormulaTerm] {
        var out: [FormulaTerm] = []
        var labels = Set<String>()
        for x in a { for y in b {
            var f = x.factors
            var parts = Set(f.map(\.label))
            for e in y.factors where parts.insert(e.label).inserted { f.append(e) }
            let t = FormulaTerm(factors: f)
            if labels.insert(t.label).inserted { out.append(t) }
        } }
        return out
    }

    // interaction := atom (':' atom)*
    mutating func parseInteraction() throws -> TermList {
        var list = try parseTermAtom()
        while current.token == .symbol(":") {
            let pos = current.position
            advance()
            let rhs = try parseTermAtom()
            if list.intercept != nil || rhs.intercept != nil {
                throw formulaError(pos, "an intercept switch (0 or 1) cannot be interacted")
            }
            list = TermList(terms: cross(list.terms, rhs.terms), intercept: nil)
        }
        if current.token == .symbol("^") {
            throw formulaError(current.position, "'^' outside I(): write powers as I(x^2)")
        }
        return list
    }

    mutating func parseTermAtom() throws -> TermList {
        let tok = current
        switch tok.token {
        case .number(let d):
            advance()
            guard d == 0 || d == 1 else { throw formulaError(tok.position, "a number alone can only be 0 or 1 (the intercept); use I() for arithmetic") }
            return TermList(terms: [], intercept: d == 1)
        case .symbol("("):
            try enter(tok.position)
            defer { leave() }
            advance()
            let inner = try parseSum(stopAt: [")"])
            try expect(")", "')'")
            return inner
        case .identifier, .string:
            let e = try parsePrimary()
            return TermList(terms: [FormulaTerm(factors: [e])], intercept: nil)
        default:
            throw formulaError(tok.position, "expected a variable or a term, found \(describe(tok.token))")
        }
    }

    // Arithmetic inside calls: sum of products of powers.
    // Every expression parser leaves the depth of the tree it returns in `depth`.
    mutating func parseArithmetic() throws -> FormulaExpression {
        var lhs = try parseArithmeticProduct()
        var d = depth
        while case .symbol(let c) = current.token, c == "+" || c == "-" {
            let pos = current.position
            advance()
            let rhs = try parseArithmeticProduct()
            lhs = .binary(c, lhs, rhs)
            d = max(d, depth) + 1
            try built(depth: d, at: pos)
        }
        depth = d
        return lhs
    }

    mutating func parseArithmeticProduct() throws -> FormulaExpression {
        var lhs = try parseUnary()
        var d = depth
        while case .symbol(let c) = current.token, c == "*" || c == "/" {
            let pos = current.position
            advance()
            let rhs = try parseUnary()
            lhs = .binary(c, lhs, rhs)
            d = max(d, depth) + 1
            try built(depth: d, at: pos)
        }
        depth = d
        return lhs
    }

    mutating func parseUnary() throws -> FormulaExpression {
        if current.token == .symbol("-") {
            let pos = current.position
            try enter(pos)
            defer { leave() }
            advance()
            let inner = try parseUnary()
            try built(depth: depth + 1, at: pos)
            return .negate(inner)
        }
        if current.token == .symbol("+") { advance() }
        let base = try parsePrimary()
        if current.token == .symbol("^") {
            let pos = current.position
            let d = depth
            try enter(pos)
            defer { leave() }
            advance()
            let exponent = try parseUnary()
            try built(depth: max(d, depth) + 1, at: pos)
            return .binary("^", base, exponent)
        }
        return base
    }

    mutating func parsePrimary() throws -> FormulaExpression {
        let tok = current
        switch tok.token {
        case .number(let d):
            advance()
            depth = 1
            return .number(d)
        case .string(let s):
            advance()
            depth = 1
            return .string(s)
        case .symbol("("):
            try enter(tok.position)
            defer { leave() }
            advance()
            let e = try parseArithmetic()
            try expect(")", "')'")
            return e
        case .identifier(let name):
            advance()
            guard current.token == .symbol("(") else { depth = 1; return .variable(name, position: tok.position) }
            try enter(tok.position)
            defer { leave() }
            guard let arity = formulaFunctions[name] else {
                throw formulaError(tok.position, "unknown function '\(name)' (known: \(formulaFunctions.keys.sorted().joined(separator: ", ")))")
            }
            advance()
            var args: [FormulaExpression] = []
            var deepest = 0
            if current.token != .symbol(")") {
                while true {
                    if case .identifier(let argName) = current.token, tokens[index + 1].token == .symbol("=") {
                        advance(); advance()
                        args.append(.named(argName, try parseArithmetic()))
                        deepest = max(deepest, depth + 1)
                    } else {
                        args.append(try parseArithmetic())
                        deepest = max(deepest, depth)
                    }
                    if current.token == .symbol(",") { advance(); continue }
                    break
                }
            }
            try expect(")", "')' to close \(name)(")
            let positional = args.filter { if case .named = $0 { return false }; return true }.count
            guard arity.contains(positional) else {
                throw formulaError(tok.position, "\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)") argument(s), found \(positional)")
            }
            for a in args {
                if case .named(let n, _) = a, !(name == "i" && n == "ref") {
                    throw formulaError(tok.position, "\(name)() has no argument '\(n)'")
                }
            }
            if ["l", "f", "d"].contains(name), args.count == 2 {
                guard case .number(let k) = args[1], k == k.rounded(), k >= 0, k <= 10_000 else {
                    throw formulaError(tok.position, "the second argument of \(name)() must be a whole number of periods (0 to 10000)")
                }
            }
            if name == "i" {
                guard case .variable = args[0] else { throw formulaError(tok.position, "i() takes a variable name") }
            }
            try built(depth: deepest + 1, at: tok.position)
            return .call(name, args, position: tok.position)
        default:
            throw formulaError(tok.position, "expected a variable, a number or '(', found \(describe(tok.token))")
        }
    }
}
