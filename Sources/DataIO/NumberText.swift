import Foundation

/// Numbers as plain text for terminals, messages and machine-readable files: the one formatter behind
/// `offshore regress`, `sur`, `estimate` and `sensitivity` text output and the estimators' messages.
/// Not finite values are written `NA`. Rounding is C printf's, on the double's exact binary value.
/// (Publication tables, with their decimal comma and thousands separators, use Reporting's `NumberStyle`.)
public enum NumberText {
    /// The text of a value that is not finite.
    public static let notAvailable = "NA"

    /// A number for a terminal table: 6 significant digits (`%.6g`) for magnitudes in [1e-4, 1e7), otherwise
    /// 4 decimals in scientific notation (`%.4e`); `0` for zero.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return notAvailable }
        if x == 0 { return "0" }
        return abs(x) >= 1e-4 && abs(x) < 1e7 ? String(format: "%.6g", x) : String(format: "%.4e", x)
    }

    /// `x` with `digits` significant digits (printf's `%.<digits>g`).
    public static func significant(_ x: Double, digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)g", x) : notAvailable
    }

    /// `x` with `decimals` decimals (printf's `%.<decimals>f`).
    public static func fixed(_ x: Double, decimals: Int) -> String {
        x.isFinite ? String(format: "%.\(decimals)f", x) : notAvailable
    }

    /// The shortest text that reads back to `x` exactly: an integral value below 1e15 in magnitude without a
    /// decimal point (`3`, `-12`), any other in Swift's shortest round-trip form (`0.1`, `1e-05`, `1e+15`).
    /// It is valid JSON for a finite `x`: the number of JSON files, `full` columns of CSV outputs and messages.
    public static func shortest(_ x: Double) -> String {
        guard x.isFinite else { return notAvailable }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Swift's shortest round-trip text of `x` (`0.1`, `3.0`, `1e-05`).
    public static func roundTrip(_ x: Double) -> String {
        x.isFinite ? "\(x)" : notAvailable
    }

    /// An integer with its digits grouped by three, `separator` between groups (`12,345`).
    public static func grouped(_ n: Int, separator: String = ",") -> String {
        (n < 0 ? "-" : "") + groupDigits(String(n.magnitude), separator: separator)
    }

    /// A string of decimal digits grouped by three from the right, `separator` between groups.
    public static func groupDigits(_ digits: String, separator: String) -> String {
        guard digits.count > 3 else { return digits }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return out
    }
}
