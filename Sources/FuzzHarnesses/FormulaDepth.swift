import DataIO
import Econometrics

/// The depth part of the formula harness: the fuzzed text nested inside parentheses, calls, signs, powers or a
/// sum, as deep as its first byte says (up to 255 levels: on both sides of the cap of 200) and in the way its
/// second byte picks; the variant is parsed and its terms walked. It must be parsed or refused with an
/// `InputError` (the parser caps nesting at `Formula.maximumDepth`), never overflow the stack; fuzzing thereby
/// covers depths that plain inputs rarely reach. Far deeper inputs (8,000 levels and more) are in the regression
/// corpus. One short variant per input keeps the harness fast.
enum FormulaDepth {
    /// The ways of nesting, picked by `variant`.
    static let variants = 7

    /// Parses variant `variant` of `text` at depth `levels`; rethrows anything but an `InputError`.
    static func exercise(_ text: String, levels n: Int, variant: Int) throws {
        let open = String(repeating: "(", count: n), close = String(repeating: ")", count: n)
        let nested: String
        switch variant % variants {
        case 0: nested = "y ~ " + open + text + close
        case 1: nested = "y ~ I(" + open + text + close + ")"
        case 2: nested = "y ~ I(" + String(repeating: "-", count: n) + text + ")"
        case 3: nested = "y ~ I(" + text + String(repeating: "^x", count: n) + ")"
        case 4:
            // A sum repeats the text: at most 255 copies and about 5,000 characters of it.
            let copies = min(n, max(1, 5_000 / max(1, text.utf8.count)))
            nested = "y ~ I(" + Array(repeating: text, count: copies + 1).joined(separator: "+") + ")"
        case 5: nested = "y ~ " + String(repeating: "log(", count: n) + text + close
        default: nested = open + text + close + " ~ x"
        }
        do {
            let f = try Formula(nested)
            _ = f.variables
            _ = f.terms.map(\.label)
        } catch is InputError {
            return
        }
    }
}
