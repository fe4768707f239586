import DataIO
import IOTables

/// One country's imported manufactured and business-service inputs by using industry and origin region, and
/// every denominator, reduced over products once: what any grouping of origins needs.
///
/// An intensity's numerator for a group is a sum over the group's regions and the measure's products. Summing
/// over products first (here, once per table) and over a grouping's regions afterwards (`sums`, once per
/// grouping) gives the same sums in another order, so `offshore sensitivity` can recompute the measures of a
/// new grouping from the tables for the cost of adding 41 numbers per industry and group. Everything that does
/// not depend on the grouping (the totals over all foreign regions, the denominators) is summed exactly as
/// METHOD.md writes it: over products, in product order.
public struct OffshoringFlows: Sendable {
    /// The country's use the flows come from (labels, regions, source; its matrices are not kept).
    public let industries: [String]
    /// Every region of the table in table order, the reporting country included.
    public let regions: [String]
    /// Index of the reporting country in `regions`.
    public let countryIndex: Int
    /// The reporting country as the table writes it.
    public let country: String
    /// The table's year, when known.
    public let year: Int?
    /// Where the table came from, for messages.
    public let source: String
    /// True when only each industry's own product counts (narrow offshoring).
    public let narrow: Bool
    /// Imported manufactured inputs of each industry from all foreign regions.
    public let omTotal: [Double]
    /// Imported business-service inputs of each industry from all foreign regions.
    public let osTotal: [Double]
    /// Imported manufactured inputs by origin: region `r`, industry `i` at `r * industries.count + i`.
    public let omByRegion: [Double]
    /// Imported business-service inputs by origin, indexed like `omByRegion`.
    public let osByRegion: [Double]
    /// Non-energy intermediate inputs of each industry, domestic plus imported.
    public let nonenergy: [Double]
    /// All intermediate inputs of each industry.
    public let intermediates: [Double]
    /// Gross output of each industry, when the table gives it.
    public let output: [Double]?

    /// Reduces `use` over products with the classification's categories.
    /// - Throws: `InputError` when the classification does not fit the products.
    public init(use: CountryUse, classification: Classification, narrow: Bool) throws {
        try classification.check(products: use.products, source: use.source)
        let nP = use.products.count, nI = use.industries.count, nR = use.regions.count, cells = nP * nI
        let category = use.products.map { classification.category(of: $0) ?? .other }
        var omT = [Double](repeating: 0, count: nI), osT = omT, nonenergy = omT, all = omT
        var omR = [Double](repeating: 0, count: nR * nI), osR = omR
        let owns: [Int?] = use.industries.map { narrow ? use.products.firstIndex(of: $0) : nil }
        for i in 0..<nI {
            let own = owns[i]
            for j in 0..<nP {
                let k = j * nI + i
                let cat = category[j]
                if cat != .energy { nonenergy[i] += use.total[k] }
                all[i] += use.total[k]
                guard !narrow || own == j, cat == .manufactured || cat == .businessServices else { continue }
                if cat == .manufactured { omT[i] += use.importedTotal[k] } else { osT[i] += use.importedTotal[k] }
            }
        }
        use.imported.withUnsafeBufferPointer { imp in
            for r in 0..<nR where r != use.countryIndex {
                for i in 0..<nI {
                    let own = owns[i]
                    var m = 0.0, s = 0.0
                    for j in 0..<nP where !narrow || own == j {
                        switch category[j] {
                        case .manufactured: m += imp[r * cells + j * nI + i]
                        case .businessServices: s += imp[r * cells + j * nI + i]
                        default: break
                        }
                    }
                    omR[r * nI + i] = m
                    osR[r * nI + i] = s
                }
            }
        }
        industries = use.industries
        regions = use.regions
        countryIndex = use.countryIndex
        country = use.country
        year = use.year
        source = use.source
        self.narrow = narrow
        omTotal = omT
        osTotal = osT
        omByRegion = omR
        osByRegion = osR
        self.nonenergy = nonenergy
        intermediates = all
        output = use.output
    }

    /// The regions of each group of `grouping`, as indices of `regions` in table order (the reporting country
    /// never belongs to a group: its imports are zero).
    public func regionsByGroup(_ grouping: Grouping) -> [[Int]] {
        let resolution = grouping.resolve(regions: regions)
        var out = [[Int]](repeating: [], count: grouping.groups.count)
        for r in regions.indices where r != countryIndex {
            if let g = resolution.groupOfRegion[r] { out[g].append(r) }
        }
        return out
    }

    /// Each industry's sums for the groups `regionsByGroup` (from `regionsByGroup(_:)`) and a denominator.
    /// - Throws: `InputError` when the denominator is `output` and the table gives no output.
    public func sums(regionsByGroup groups: [[Int]], denominator: Denominator) throws -> IndustrySums {
        let nI = industries.count, width = groups.count + 1
        var om = [Double](repeating: 0, count: nI * width), os = om
        let den: [Double]
        switch denominator {
        case .nonenergy: den = nonenergy
        case .intermediates: den = intermediates
        case .output:
            guard let o = output else {
                throw InputError(file: source, key: "--denominator",
                                 "the output denominator needs gross output, which this table does not give (a supply table is needed)")
            }
            den = o
        }
        for i in 0..<nI {
            om[i * width] = omTotal[i]
            os[i * width] = osTotal[i]
        }
        // Region by region over contiguous rows of industries (vectorised), so each industry's group sum adds its
        // regions in table order.
        var m = [Double](repeating: 0, count: nI), s = m
        omByRegion.withUnsafeBufferPointer { mr in
            osByRegion.withUnsafeBufferPointer { sr in
                m.withUnsafeMutableBufferPointer { m in
                    s.withUnsafeMutableBufferPointer { s in
                        for (g, members) in groups.enumerated() {
                            m.update(repeating: 0)
                            s.update(repeating: 0)
                            for r in members {
                                let base = r * nI
                                for i in 0..<nI {
                                    m[i] += mr[base + i]
                                    s[i] += sr[base + i]
                                }
                            }
                            for i in 0..<nI {
                                om[i * width + g + 1] = m[i]
                                os[i * width + g + 1] = s[i]
                            }
                        }
                    }
                }
            }
        }
        // A sum that overflowed, or a ratio that does (imports over a denominator of 1e-300), is an error naming the
        // industry: never a NaN or an infinity in a result.
        for i in 0..<nI {
            let d = den[i]
            var bad = !d.isFinite
            for o in 0..<width where !bad {
                let m = om[i * width + o], s = os[i * width + o]
                bad = !m.isFinite || !s.isFinite || (d > 0 && (!(100 * m / d).isFinite || !(100 * s / d).isFinite))
            }
            if bad {
                let sums = IndustrySums(groups: groups.count, om: om, os: os, denominator: den).sums(ofIndustry: i)
                let origins = ["total"] + (0..<groups.count).map { "group \($0 + 1)" }
                let why = sums.firstNonFinite(origins: origins) ?? "a sum is not a finite number"
                throw InputError(file: source, key: industries[i],
                                 "\(country) \(industries[i]) \(year.map(String.init) ?? ""): \(why): the table's values are too large "
                                 + "or the \(denominator.rawValue) denominator too small for finite intensities")
            }
        }
        return IndustrySums(groups: groups.count, om: om, os: os, denominator: den)
    }
}

/// Every industry's offshoring sums in flat arrays (no allocation per industry): imported manufactured and
/// business-service inputs for origin `o` (0 = all foreign regions, g + 1 = group g) of industry `i` at
/// `i * (groups + 1) + o`, and each industry's denominator.
public struct IndustrySums: Sendable {
    /// Number of groups.
    public let groups: Int
    /// Imported manufactured inputs by industry and origin.
    public let om: [Double]
    /// Imported business-service inputs by industry and origin.
    public let os: [Double]
    /// Each industry's denominator.
    public let denominator: [Double]

    /// Industry `i`'s sums as an `OffshoringSums`.
    public func sums(ofIndustry i: Int) -> OffshoringSums {
        let width = groups + 1
        var s = OffshoringSums(groups: groups)
        for o in 0..<width {
            s.om[o] = om[i * width + o]
            s.os[o] = os[i * width + o]
        }
        s.denominator = denominator[i]
        return s
    }

    /// Industry `i`'s intensity in percent of its denominator for origin `origin`, NaN when the denominator is
    /// not positive (the arithmetic of `OffshoringSums.percent`).
    @inline(__always)
    public func percent(_ measure: OffshoringMeasure, industry i: Int, origin: Int) -> Double {
        let d = denominator[i]
        guard d > 0 else { return .nan }
        let num = measure == .om ? om[i * (groups + 1) + origin] : os[i * (groups + 1) + origin]
        return 100 * num / d
    }
}
