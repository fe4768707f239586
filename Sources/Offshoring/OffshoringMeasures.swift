#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataIO
import IOTables

/// Computes offshoring intensities (Feenstra-Hanson, split into materials and services as in Amiti-Wei) from a
/// multi-regional input-output table or a national supply-use table with origin shares (a `CountryUse`), by
/// origin group (METHOD.md, section 1).
///
/// For reporting country c and using industry i (the intermediate column c_i):
/// - imports of product j: Imp_ij = sum over regions r != c of Z[r_j, c_i]; for group g only regions in g
///   (matched through the grouping's aliases);
/// - om = sum over manufactured j of Imp_ij / D_i, os = sum over business-service j of Imp_ij / D_i, in percent;
/// - D_i: `nonenergy` = sum over all regions r (domestic included) and non-energy products j of Z[r_j, c_i];
///   `intermediates` = the same over all products; `output` = gross output of c_i (its row's `OUT`);
/// - narrow (Feenstra and Hanson 1999): only the input j equal to the using industry's own product. The WIOD
///   industries are at the 2-digit level, so "own product" is FH's "same industry" at that level; om narrow is
///   zero for an industry whose own product is not manufactured, os narrow zero unless it is a business service.
///
/// Aggregates are ratios of sums over their industries. An industry whose denominator is not positive (zero, or
/// negative through negative flows) has no defined intensity: it is left out of the results (with a warning) but still adds its (zero) sums to its aggregates.
public enum OffshoringMeasures {
    /// Intensities of every industry of `country` and of the classification's aggregates, for one table.
    /// - Parameter country: a region code of the table, or the code a grouping alias maps one to (ROU for ROM).
    /// - Throws: `InputError` when the country is not in the table or the classification does not fit it.
    public static func compute(table: MRIOTable, country: String, classification: Classification, grouping: Grouping,
                               denominator: Denominator = .nonenergy, narrow: Bool = false) throws -> OffshoringYear {
        try classification.check(against: table)
        let use = try CountryUse(table: table, country: country, canonical: grouping.canonical)
        return try compute(use: use, country: country, classification: classification, grouping: grouping,
                           denominator: denominator, narrow: narrow)
    }

    /// Intensities of every using industry of a country's use (from any table format) and of the
    /// classification's aggregates.
    ///
    /// Imports of product j by industry i are `use.importedTotal` in total and `use.imported` by origin region;
    /// the `nonenergy` and `intermediates` denominators sum `use.total` over products; `output` is
    /// `use.output`. Narrow offshoring counts only the product whose code is the industry's code (none, so zero,
    /// when a product-by-industry table codes them differently).
    /// - Parameter country: the reporting country as the user named it (for the result and messages).
    /// - Throws: `InputError` when the classification does not fit the products, or the denominator is `output`
    ///   and the table gives no output.
    public static func compute(use: CountryUse, country: String? = nil, classification: Classification, grouping: Grouping,
                               denominator: Denominator = .nonenergy, narrow: Bool = false) throws -> OffshoringYear {
        let flows = try OffshoringFlows(use: use, classification: classification, narrow: narrow)
        return try compute(flows: flows, country: country, classification: classification, grouping: grouping, denominator: denominator)
    }

    /// Intensities of every industry and aggregate from flows already reduced over products (see
    /// `OffshoringFlows`): the same result as `compute(use:...)` on the use the flows came from.
    /// - Throws: `InputError` when the denominator is `output` and the table gives no output.
    public static func compute(flows: OffshoringFlows, country: String? = nil, classification: Classification, grouping: Grouping,
                               denominator: Denominator = .nonenergy) throws -> OffshoringYear {
        let country = country ?? flows.country
        let all = try flows.sums(regionsByGroup: flows.regionsByGroup(grouping), denominator: denominator)
        let yearText = flows.year.map(String.init) ?? flows.source
        var industries: [OffshoringUnit] = []
        var sumsByIndustry: [String: OffshoringSums] = [:]
        var warnings: [String] = []
        var undefined: [String] = []
        let origins = ["total"] + grouping.groups.map(\.name)
        /// An overflowed sum or ratio is an error naming the unit, never a NaN in an output.
        func checkFinite(_ s: OffshoringSums, unit: String, industries: [String]) throws {
            guard let why = s.firstNonFinite(origins: origins) else { return }
            throw InputError(file: flows.source, key: unit,
                             "\(country) \(unit) \(yearText): \(why) (from the flows of \(industries.count == 1 ? "industry" : "industries") "
                             + "\(industries.prefix(8).joined(separator: ", "))\(industries.count > 8 ? ", ..." : "")): the table's values are too "
                             + "large or its denominators too small for finite intensities")
        }
        for (i, code) in flows.industries.enumerated() {
            let s = all.sums(ofIndustry: i)
            try checkFinite(s, unit: code, industries: [code])
            sumsByIndustry[code] = s
            if !(s.denominator > 0) {
                warnings.append("\(country) \(code) \(yearText): the denominator (\(denominator.rawValue)) is \(Self.describe(s.denominator)), so its "
                                + "intensities are undefined and left out")
                undefined.append(code)
                continue
            }
            industries.append(OffshoringUnit(unit: code, label: code, isAggregate: false, sums: s))
        }
        var aggregates: [OffshoringUnit] = []
        for a in classification.aggregates {
            var s = OffshoringSums(groups: grouping.groups.count)
            for code in a.industries { if let x = sumsByIndustry[code] { s += x } }
            try checkFinite(s, unit: a.name, industries: a.industries)
            if !(s.denominator > 0) {
                warnings.append("\(country) \(a.name) \(yearText): the denominator (\(denominator.rawValue)) is \(Self.describe(s.denominator)), so its "
                                + "intensities are undefined and left out")
                undefined.append(a.name)
                continue
            }
            aggregates.append(OffshoringUnit(unit: a.name, label: a.label, isAggregate: true, sums: s))
        }
        return OffshoringYear(country: country, year: flows.year, origins: ["total"] + grouping.groups.map(\.name),
                              denominator: denominator, narrow: flows.narrow, industries: industries, aggregates: aggregates,
                              warnings: warnings, unitOrder: flows.industries + classification.aggregates.map(\.name),
                              undefined: undefined, energyProducts: classification.energyProducts)
    }
}

extension OffshoringMeasures {
    /// Why a denominator leaves a unit undefined: zero, or negative (negative flows or output outweighing the
    /// positive ones), with its value.
    static func describe(_ denominator: Double) -> String {
        denominator == 0 ? "zero" : "negative (\(denominator))"
    }
}

/// Compound average annual growth between two levels `years` apart: (x_T / x_0)^(1 / years) - 1, as a fraction
/// (multiply by 100 for percent). Nil when it is undefined: `years` not positive, x_0 not positive or x_T negative.
public func compoundGrowth(from x0: Double, to xT: Double, years: Int) -> Double? {
    guard years > 0, x0 > 0, xT >= 0, x0.isFinite, xT.isFinite else { return nil }
    return pow(xT / x0, 1 / Double(years)) - 1
}

/// The share of the regions in no origin group: the total less the groups' shares (imports from every region count
/// in the total). A difference within rounding of zero is zero, so that a table never prints -0.00. Nil when the
/// total or any group's share is undefined.
public func noGroupShare(total: Double?, groups: [Double?]) -> Double? {
    guard let total else { return nil }
    var rest = total
    for g in groups {
        guard let g else { return nil }
        rest -= g
    }
    return abs(rest) < 1e-12 * max(1, abs(total)) ? 0 : rest
}
