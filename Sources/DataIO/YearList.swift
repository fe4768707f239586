/// Years as users write them for `--years` and the `years` keys of configs: `2000`, `1995-2011`, or a
/// comma-separated list of these (`1995-2000, 2005`). The one parser behind every command and config.
///
/// It is bounded: every year is a 4-digit year (`allowed`, 1000-9999), so that a list never expands to more than
/// 9,000 years, whatever was typed (`1-9223372036854775807` or `0-2147483647` are refused before anything is
/// expanded); a range whose end comes before its start is refused as reversed; messages quote at most a short
/// excerpt of the text.
public enum YearList {
    /// The years accepted.
    public static let allowed: ClosedRange<Int> = 1000...9999

    /// The sorted distinct years of `text`; an `InputError` with key `key` otherwise.
    public static func parse(_ text: String, key: String) throws -> [Int] {
        var seen = [Bool](repeating: false, count: allowed.count)
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.filter { $0 != " " && $0 != "\t" }
            let ends = p.split(separator: "-", omittingEmptySubsequences: false)
            guard (ends.count == 1 || ends.count == 2), ends.allSatisfy({ isDigits($0) }) else {
                throw InputError(key: key, "expected a year (2000), a range (1995-2011) or a comma-separated list of these, found '\(inputExcerpt(p))'")
            }
            let years = try ends.map { try year($0, in: p, key: key) }
            let a = years[0], b = years[years.count - 1]
            guard a <= b else {
                throw InputError(key: key, "the range \(a)-\(b) is reversed: write the earlier year first (\(b)-\(a))")
            }
            for y in a...b { seen[y - allowed.lowerBound] = true }
        }
        return seen.indices.filter { seen[$0] }.map { $0 + allowed.lowerBound }
    }

    /// Sorted years as runs, for messages: `1995-2011`, `1000-1994, 2012-9999` or `1995, 1997, 2000-2002`;
    /// at most `maximumRuns` runs, then `...`.
    public static func describeRuns(_ years: [Int], maximumRuns: Int = 12) -> String {
        var runs: [String] = []
        var k = 0
        while k < years.count {
            var j = k
            while j + 1 < years.count && years[j + 1] == years[j] + 1 { j += 1 }
            if runs.count == maximumRuns { runs.append("..."); break }
            runs.append(j == k ? "\(years[k])" : "\(years[k])-\(years[j])")
            k = j + 1
        }
        return runs.isEmpty ? "none" : runs.joined(separator: ", ")
    }

    private static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The year of the digits `s` (part of `part`), when in `allowed`.
    private static func year(_ s: Substring, in part: String, key: String) throws -> Int {
        // More than 4 digits (after leading zeros) is out of range however many there are: no Int conversion.
        let digits = s.drop { $0 == "0" }
        guard digits.count <= 4, let y = Int(digits.isEmpty ? "0" : digits), allowed.contains(y) else {
            throw InputError(key: key, "year '\(inputExcerpt(s, maximumCharacters: 12))' in '\(inputExcerpt(part))' is out of range: expected 4-digit years (\(allowed.lowerBound)-\(allowed.upperBound))")
        }
        return y
    }
}
