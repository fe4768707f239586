import DataIO
import Foundation

/// How numbers are written in publication tables and charts: decimals, decimal point or comma, optional
/// thousands separators, and the minus sign.
///
/// Formatting is done here, without Foundation's locale machinery, so output is the same on every platform.
/// Rounding is printf's, on the double's exact binary value.
public struct NumberStyle: Equatable, Sendable {
    /// Decimals for coefficients and other real numbers.
    public var digits: Int
    /// True to write `3,14` instead of `3.14`.
    public var decimalComma: Bool
    /// True to group thousands (`12,345` with a point, `12.345` with a comma); off by default.
    public var thousandsSeparator: Bool
    /// The minus sign (`-` by default; `\u{2212}` for typographic output).
    public var minus: String
    /// The thousands separator when grouping is on (default: a comma with a decimal point, a point with a
    /// decimal comma; French uses a narrow no-break space).
    public var groupSeparator: String
    /// Significant digits for estimates and their standard errors, t values and intervals (`estimate(_:)`); nil for
    /// `digits` decimals. Tables use 3 unless `--digits` asks for fixed decimals, as etable and esttab's `a3` do, so
    /// that a coefficient of 0.0037 does not print as 0.000.
    public var significantDigits: Int?

    /// A style with `digits` decimals; the decimal comma and thousands grouping off unless asked.
    public init(digits: Int = 3, decimalComma: Bool = false, thousandsSeparator: Bool = false, minus: String = "-",
                groupSeparator: String? = nil) {
        self.digits = max(0, min(digits, 12))
        self.decimalComma = decimalComma
        self.thousandsSeparator = thousandsSeparator
        self.minus = minus
        self.groupSeparator = groupSeparator ?? (decimalComma ? "." : ",")
    }

    /// The conventional style of a language: decimal comma for Dutch and French (grouping, when turned on, with
    /// a point in Dutch and a narrow no-break space in French).
    public static func standard(for language: Language, digits: Int = 3, decimalComma: Bool? = nil,
                                thousandsSeparator: Bool = false) -> NumberStyle {
        let comma = decimalComma ?? language.usesDecimalComma
        return NumberStyle(digits: digits, decimalComma: comma, thousandsSeparator: thousandsSeparator,
                           groupSeparator: language == .fr && comma ? "\u{202F}" : nil)
    }

    /// The decimal separator.
    public var decimalSeparator: String { decimalComma ? "," : "." }

    /// The text for a value that is not finite (missing, undefined).
    public static let notAvailable = "n/a"

    /// `value` with `digits` decimals (the style's by default); `n/a` when not finite. A value that
    /// rounds to zero is written without a sign.
    ///
    /// Rounding is that of C's printf (and R's and Stata's formats): the double's exact binary value is
    /// rounded, so 1.2345, stored as 1.23449999..., gives 1.234 with three decimals.
    public func format(_ value: Double, digits: Int? = nil) -> String {
        guard value.isFinite else { return NumberStyle.notAvailable }
        let d = max(0, min(digits ?? self.digits, 12))
        let text = String(format: "%.*f", d, value.magnitude)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intText = group(String(parts[0]))
        let frac = parts.count > 1 ? String(parts[1]) : ""
        let isZero = !text.contains(where: { $0 != "0" && $0 != "." })
        let sign = value < 0 && !isZero ? minus : ""
        return frac.isEmpty ? sign + intText : sign + intText + decimalSeparator + frac
    }

    /// An estimate (or its standard error, t value, interval bound): with `significantDigits`, as many decimals as
    /// give that many significant digits (0.00370, 0.544, 12.3, 1235; at most 12 decimals); else `digits` decimals.
    public func estimate(_ value: Double) -> String {
        guard let significant = significantDigits, value.isFinite, value != 0 else { return format(value) }
        let magnitude = Int(floor(log10(value.magnitude)))
        // Rounding can carry into a new digit (0.000999 to 3 digits is 0.00100): decide on the rounded value.
        var decimals = max(0, min(12, significant - 1 - magnitude))
        if let rounded = Double(String(format: "%.*f", decimals, value.magnitude)), rounded > 0,
           Int(floor(log10(rounded))) > magnitude {
            decimals = max(0, decimals - 1)
        }
        return format(value, digits: decimals)
    }

    /// An integer (counts, years are not grouped: use `String(year)` for those).
    public func format(_ value: Int) -> String {
        let sign = value < 0 ? minus : ""
        return sign + group(String(value.magnitude))
    }

    /// A fraction as a percentage with `digits` decimals and no percent sign (`0.1234` gives `12.34`).
    public func percent(_ fraction: Double, digits: Int? = nil) -> String { format(100 * fraction, digits: digits) }

    /// `digits` of a string of decimal digits grouped by three when grouping is on.
    func group(_ digitsText: String) -> String {
        thousandsSeparator ? NumberText.groupDigits(digitsText, separator: groupSeparator) : digitsText
    }

}

/// Significance stars and their thresholds (default: *** p<0.01, ** p<0.05, * p<0.1, as esttab and etable).
public struct SignificanceStars: Equatable, Sendable {
    /// Pairs of (mark, threshold), most significant first.
    public var levels: [(mark: String, threshold: Double)]

    /// The usual three levels.
    public init(levels: [(mark: String, threshold: Double)] = [("***", 0.01), ("**", 0.05), ("*", 0.1)]) {
        self.levels = levels
    }

    /// No stars at all.
    public static let none = SignificanceStars(levels: [])

    /// The mark for a p-value (empty when not significant or not finite).
    public func mark(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        for l in levels where p < l.threshold { return l.mark }
        return ""
    }

    /// The legend, e.g. `*** p<0.01, ** p<0.05, * p<0.1`, thresholds written in `style`.
    public func legend(_ style: NumberStyle) -> String {
        levels.map { "\($0.mark) p<\(shortest($0.threshold, style))" }.joined(separator: ", ")
    }

    /// The threshold with as many decimals as it needs (at most 6).
    private func shortest(_ x: Double, _ style: NumberStyle) -> String {
        for d in 0...6 {
            var scale = 1.0
            for _ in 0..<d { scale *= 10 }
            if abs((x * scale).rounded() - x * scale) < 1e-9 { return style.format(x, digits: d) }
        }
        return style.format(x, digits: 6)
    }

    /// Equality by marks and thresholds.
    public static func == (a: SignificanceStars, b: SignificanceStars) -> Bool {
        a.levels.count == b.levels.count && zip(a.levels, b.levels).allSatisfy { $0.mark == $1.mark && $0.threshold == $1.threshold }
    }
}
