import IOTables

/// What an offshoring intensity is divided by (METHOD.md, section 1).
public enum Denominator: String, CaseIterable, Sendable {
    /// Total intermediate inputs of the using industry, domestic plus imported, excluding energy products (default).
    case nonenergy
    /// All intermediate inputs of the using industry.
    case intermediates
    /// Gross output of the using industry (the `OUT` entry of its row in the table).
    case output

    /// A phrase for table notes.
    public var description: String {
        switch self {
        case .nonenergy: return "% of non-energy intermediate inputs"
        case .intermediates: return "% of all intermediate inputs"
        case .output: return "% of gross output"
        }
    }
}

/// The two offshoring intensities.
public enum OffshoringMeasure: String, CaseIterable, Sendable {
    /// Materials offshoring: imported manufactured inputs.
    case om
    /// Services offshoring: imported business-service inputs.
    case os
}

/// The money sums behind the intensities of one unit (an industry or an aggregate) in one year: imported
/// inputs by origin and the denominator. Aggregates add these sums, so that an aggregate's intensity is a
/// ratio of sums, not a mean of ratios.
public struct OffshoringSums: Sendable, Equatable {
    /// Imported manufactured inputs: index 0 from all foreign regions (the total), then one per group.
    public var om: [Double]
    /// Imported business-service inputs, indexed like `om`.
    public var os: [Double]
    /// The denominator.
    public var denominator: Double

    /// All zero, for `groups` groups (plus the total).
    public init(groups: Int) {
        om = [Double](repeating: 0, count: groups + 1)
        os = om
        denominator = 0
    }

    /// Adds another unit's sums (same groups).
    public static func += (lhs: inout OffshoringSums, rhs: OffshoringSums) {
        for k in lhs.om.indices {
            lhs.om[k] += rhs.om[k]
            lhs.os[k] += rhs.os[k]
        }
        lhs.denominator += rhs.denominator
    }

    /// The first sum or intensity that is not a finite number (a sum that overflowed, or imports over a denominator
    /// so small that the ratio overflows), described for a message; nil when every one is finite.
    public func firstNonFinite(origins: [String]) -> String? {
        if !denominator.isFinite { return "the denominator is \(denominator)" }
        for measure in OffshoringMeasure.allCases {
            let sums = measure == .om ? om : os
            for (o, v) in sums.enumerated() {
                let origin = o < origins.count ? origins[o] : "origin \(o)"
                if !v.isFinite { return "the \(measure.rawValue) imports from \(origin) add up to \(v)" }
                if let p = percent(measure, origin: o), !p.isFinite {
                    return "\(measure.rawValue) from \(origin) is \(v) / \(denominator), which is not a finite percentage"
                }
            }
        }
        return nil
    }

    /// The intensity in percent of the denominator, for origin `origin` (0 = total, g + 1 = group g);
    /// nil when the denominator is not positive (the intensity is undefined).
    public func percent(_ measure: OffshoringMeasure, origin: Int) -> Double? {
        guard denominator > 0 else { return nil }
        let num = measure == .om ? om[origin] : os[origin]
        return 100 * num / denominator
    }
}

/// One unit's result: an industry or an aggregate of industries.
public struct OffshoringUnit: Sendable, Equatable {
    /// Industry code (`c12`) or aggregate name (`manufacturing`).
    public var unit: String
    /// Label for tables (the aggregate's label, or the industry code).
    public var label: String
    /// True for an aggregate.
    public var isAggregate: Bool
    /// The sums.
    public var sums: OffshoringSums
}

/// Offshoring intensities of one reporting country in one year: every using industry, then the aggregates.
public struct OffshoringYear: Sendable {
    /// The reporting country, as the user named it.
    public var country: String
    /// The table's year (nil when unknown).
    public var year: Int?
    /// Origin names: `total`, then the groups in the grouping's order.
    public var origins: [String]
    /// The denominator used.
    public var denominator: Denominator
    /// True for narrow offshoring (own product group only).
    public var narrow: Bool
    /// Industries in table order.
    public var industries: [OffshoringUnit]
    /// Aggregates in the classification's order.
    public var aggregates: [OffshoringUnit]
    /// Things the user should know (e.g. an industry with a zero denominator, left out).
    public var warnings: [String]
    /// Every unit in reporting order (all the table's industries, then all aggregates), including those left out.
    public var unitOrder: [String]
    /// Units left out because their denominator is zero.
    public var undefined: [String]
    /// The products counted as energy (never offshoring; left out of the `nonenergy` denominator), in the
    /// classification's order: what Table 1's note names.
    public var energyProducts: [String]? = nil

    /// Industries then aggregates.
    public var units: [OffshoringUnit] { industries + aggregates }
}
