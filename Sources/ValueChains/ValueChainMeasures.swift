import DataIO
import IOTables
import Linalg

/// The money sums behind one value-chain measure of one unit in one year: a numerator per origin (index 0 the
/// total over every foreign region, then one per group) and the base it is divided by (gross exports, final
/// output or gross output). Aggregates add these sums, so an aggregate's value is a ratio of sums.
public struct GVCSums: Sendable, Equatable {
    /// Numerators: the total, then one per group.
    public var values: [Double]
    /// The base (weight).
    public var weight: Double

    /// All zero, for `groups` groups (plus the total).
    public init(groups: Int) {
        values = [Double](repeating: 0, count: groups + 1)
        weight = 0
    }

    /// Adds another unit's sums.
    public static func += (lhs: inout GVCSums, rhs: GVCSums) {
        for k in lhs.values.indices { lhs.values[k] += rhs.values[k] }
        lhs.weight += rhs.weight
    }

    /// The measure for origin `origin` (0 = total, g + 1 = group g): in percent for a share, else the ratio;
    /// nil when the base is not positive (undefined).
    public func value(origin: Int, share: Bool) -> Double? {
        guard weight > 0, origin < values.count else { return nil }
        return (share ? 100 : 1) * values[origin] / weight
    }
}

/// One unit's measures: an industry or an aggregate of industries.
public struct GVCUnit: Sendable, Equatable {
    /// Industry code (`c12`), aggregate name (`manufacturing`) or `all` (every industry of the country).
    public var unit: String
    /// Label for tables.
    public var label: String
    /// True for an aggregate.
    public var isAggregate: Bool
    /// The sums of each measure computed, in the order of `ValueChainYear.measures`.
    public var sums: [GVCSums]
}

/// The value-chain measures of one country in one year: every industry of the table, then the classification's
/// aggregates, then `all` (the whole economy).
public struct ValueChainYear: Sendable {
    /// The reporting country, as the user named it.
    public var country: String
    /// The table's year (nil when unknown).
    public var year: Int?
    /// Origin names: `total`, then the groups in the grouping's order.
    public var origins: [String]
    /// The measures computed, in `GVCMeasure` order.
    public var measures: [GVCMeasure]
    /// Industries in table order.
    public var industries: [GVCUnit]
    /// Aggregates (the classification's, then `all`).
    public var aggregates: [GVCUnit]

    /// Industries then aggregates.
    public var units: [GVCUnit] { industries + aggregates }
}

/// The name of the whole-economy aggregate.
public let allIndustriesUnit = "all"

/// Computes value-chain measures from a multi-regional table (see `GVCMeasure` for the definitions).
///
/// One LU factorisation of `I - A` per table, then two solves with a block of right-hand sides each (value-added
/// coefficients by region and a column of ones through `L'`; exports and final demand by region and gross
/// output through `L`), shared by every country; the import content of exports (HIY) uses each country's own
/// domestic block, factored separately. The Leontief inverse is never formed.
public enum ValueChainMeasures {
    /// The measures of each country in `countries` (codes as the user names them, matched through the grouping's
    /// aliases and in any letter case) for `table`.
    /// - Parameters:
    ///   - system: the factored system of `table` when the caller has it (else it is built here).
    ///   - classification: the aggregates to add (besides `all`); nil for none.
    ///   - byRegion: true for one origin per region of the table (origins `total`, then the table's region codes)
    ///     instead of the grouping's groups, so that any grouping's groups can be added up later
    ///     (`ValueChainYear.regrouped(by:)`) without measuring again.
    ///   - upstreamness: how upstreamness is computed (`UpstreamnessMethod`).
    /// - Throws: `InputError` for a country that is not a region of the table, a singular `I - A` or domestic block,
    ///   or a table without an inventory-changes column when the inventory correction is asked for.
    public static func compute(table: MRIOTable, system: LeontiefSystem? = nil, countries: [String], classification: Classification?,
                               grouping: Grouping, measures: [GVCMeasure], byRegion: Bool = false,
                               upstreamness: UpstreamnessMethod = .plain) throws -> [ValueChainYear] {
        let countryIndex = try countries.map {
            try CountryUse.resolveCountry($0, in: table.regions, source: table.source, canonical: grouping.canonical)
        }
        let sys = try system ?? LeontiefSystem(table: table)
        let n = table.size, nI = table.industries.count, nR = table.regions.count
        let groupOf = byRegion ? (0..<nR).map { Optional($0) } : grouping.resolve(regions: table.regions).groupOfRegion
        let nG = byRegion ? nR : grouping.groups.count
        let v = sys.valueAdded, x = sys.output

        let (exports, finalOutput, finalByRegion) = tradeFlows(table)
        let wanted = Set(measures)
        let needsOrigins = !wanted.isDisjoint(with: [.fva_final, .dva_exports, .fva_exports, .gvc_backward, .gvc_participation, .downstreamness])
        let needsForward = !wanted.isDisjoint(with: [.vs1, .gvc_forward, .gvc_participation, .vax_ratio, .upstreamness])
        // Y = L' [S' 1]: Y[k, r] the value added of region r per unit of final output of column k; Y[k, nR] = (u'L)_k.
        var origins = Matrix(rows: 0, cols: 0)
        if needsOrigins {
            var b = Matrix(rows: n, cols: nR + 1)
            for k in 0..<n { b[k, k / nI] = v[k]; b[k, nR] = 1 }
            origins = try sys.leontiefTransposeTimes(b)
        }
        // X = L [E F x]: X[k, s] = (L e_s)_k with e_s region s's exports; X[k, nR + s] = (L f_s)_k; X[k, 2nR] = (L x)_k.
        var forward = Matrix(rows: 0, cols: 0)
        if needsForward {
            var b = Matrix(rows: n, cols: 2 * nR + 1)
            for k in 0..<n {
                b[k, k / nI] = exports[k]
                for s in 0..<nR { b[k, nR + s] = finalByRegion[k, s] }
                b[k, 2 * nR] = x[k]
            }
            forward = try sys.leontiefTimes(b)
        }
        // Antras, Chor, Fally and Hillberry (2012) with net inventories: (L_N x)_k / x_k, L_N the inverse with each row of A
        // scaled by x_i / (x_i - N_i) (one more factorisation).
        var inventoryUpstreamness: [Double] = []
        if upstreamness == .inventoryCorrected && wanted.contains(.upstreamness) {
            inventoryUpstreamness = try Self.inventoryCorrectedOutput(table: table)
        }

        var out: [ValueChainYear] = []
        for (name, c) in zip(countries, countryIndex) {
            let vs = wanted.isDisjoint(with: [.vs, .vs_direct, .vs_indirect]) ? nil
                : try importContent(table: table, country: c, groupOf: groupOf, groups: nG)
            var industries: [GVCUnit] = []
            for i in 0..<nI {
                let k = c * nI + i
                let e = exports[k]
                var sums: [GVCSums] = []
                for m in measures {
                    var s = GVCSums(groups: nG)
                    /// Adds `amount` to the total and to the group of region `r`.
                    func add(_ amount: Double, region r: Int) {
                        s.values[0] += amount
                        if let g = groupOf[r] { s.values[g + 1] += amount }
                    }
                    switch m {
                    case .vs, .vs_direct, .vs_indirect:
                        guard let vs else { break }
                        for o in 0...nG {
                            let total = vs.total[i, o], direct = vs.direct[i, o]
                            s.values[o] = e * (m == .vs ? total : m == .vs_direct ? direct : total - direct)
                        }
                        s.weight = e
                    case .fva_exports, .gvc_backward, .fva_final:
                        let w = m == .fva_final ? finalOutput[k] : e
                        for r in 0..<nR where r != c { add(origins[k, r] * w, region: r) }
                        s.weight = w
                    case .dva_exports:
                        s.values[0] = origins[k, c] * e
                        s.weight = e
                    case .vs1, .gvc_forward:
                        for r in 0..<nR where r != c { add(v[k] * forward[k, r], region: r) }
                        s.weight = e
                    case .vax_ratio:
                        for r in 0..<nR where r != c { add(v[k] * forward[k, nR + r], region: r) }
                        s.weight = e
                    case .gvc_participation:
                        for r in 0..<nR where r != c { add(origins[k, r] * e + v[k] * forward[k, r], region: r) }
                        s.weight = e
                    case .upstreamness:
                        s.values[0] = inventoryUpstreamness.isEmpty ? forward[k, 2 * nR] : inventoryUpstreamness[k]
                        s.weight = x[k]
                    case .downstreamness:
                        s.values[0] = origins[k, nR] * x[k]
                        s.weight = x[k]
                    }
                    // A column without output has no coefficients: its measures are undefined, and it adds nothing.
                    if !(x[k] > 0) { s = GVCSums(groups: nG) }
                    sums.append(s)
                }
                let code = table.industries[i]
                industries.append(GVCUnit(unit: code, label: code, isAggregate: false, sums: sums))
            }
            let aggregates = Self.aggregates(industries, classification: classification, measures: measures.count, groups: nG)
            out.append(ValueChainYear(country: name, year: table.year, origins: ["total"] + (byRegion ? table.regions : grouping.groups.map(\.name)),
                                      measures: measures, industries: industries, aggregates: aggregates))
        }
        return out
    }

    /// Gross exports (intermediate and final, to every other region), final output (final demand of every region)
    /// and final demand by destination region (`n x regions`) of every row of `table`.
    static func tradeFlows(_ table: MRIOTable) -> (exports: [Double], finalOutput: [Double], finalByRegion: Matrix) {
        let n = table.size, nI = table.industries.count, nR = table.regions.count, nK = table.finalDemandCategories.count
        let nF = table.finalDemandColumns
        var exports = [Double](repeating: 0, count: n)
        var finalOutput = [Double](repeating: 0, count: n)
        var finalByRegion = Matrix(rows: n, cols: nR)
        table.intermediate.withUnsafeBufferPointer { z in
            table.finalDemand.withUnsafeBufferPointer { f in
                for k in 0..<n {
                    let home = k / nI
                    var e = 0.0
                    for r in 0..<nR where r != home { for j in (r * nI)..<((r + 1) * nI) { e += z[k * n + j] } }
                    var y = 0.0
                    for s in 0..<nR {
                        var fs = 0.0
                        for cat in 0..<nK { fs += f[k * nF + s * nK + cat] }
                        finalByRegion[k, s] = fs
                        y += fs
                        if s != home { e += fs }
                    }
                    exports[k] = e
                    finalOutput[k] = y
                }
            }
        }
        return (exports, finalOutput, finalByRegion)
    }

    /// The aggregates of a country's `industries`: each of the classification's that has a member among them, then
    /// all industries (`allIndustriesUnit`, always last).
    static func aggregates(_ industries: [GVCUnit], classification: Classification?, measures: Int, groups: Int) -> [GVCUnit] {
        var out: [GVCUnit] = []
        for a in classification?.aggregates ?? [] {
            let members = industries.filter { a.industries.contains($0.unit) }
            guard !members.isEmpty else { continue }
            out.append(sum(members, unit: a.name, label: a.label, measures: measures, groups: groups))
        }
        out.append(sum(industries, unit: allIndustriesUnit, label: "All industries", measures: measures, groups: groups))
        return out
    }

    /// The aggregate of `members`.
    static func sum(_ members: [GVCUnit], unit: String, label: String, measures: Int, groups: Int) -> GVCUnit {
        var sums = [GVCSums](repeating: GVCSums(groups: groups), count: measures)
        for u in members { for m in 0..<measures { sums[m] += u.sums[m] } }
        return GVCUnit(unit: unit, label: label, isAggregate: true, sums: sums)
    }

    /// HIY's import content of exports of country `c` from its own block: per industry `j` (rows) and origin
    /// (columns: total, then groups), the direct import coefficients `u A^M` and the total `u A^M (I - A^D)^-1`.
    static func importContent(table: MRIOTable, country c: Int, groupOf: [Int?], groups nG: Int) throws
        -> (direct: Matrix, total: Matrix) {
        let n = table.size, nI = table.industries.count, nR = table.regions.count
        var direct = Matrix(rows: nI, cols: nG + 1)
        // (I - A^D)' column-major: element (j, p) = delta - A[(c, p), (c, j)].
        var domestic = Matrix(rows: nI, cols: nI)
        let inverseOutput = (0..<nI).map { j in table.output[c * nI + j] > 0 ? 1 / table.output[c * nI + j] : 0 }
        // Row by row through the country's columns (contiguous in the row-major flows), not column by column.
        table.intermediate.withUnsafeBufferPointer { z in
            for r in 0..<nR {
                let g = groupOf[r]
                for p in 0..<nI {
                    let row = (r * nI + p) * n + c * nI
                    if r == c {
                        for j in 0..<nI { domestic[j, p] = -z[row + j] * inverseOutput[j] }
                        continue
                    }
                    for j in 0..<nI {
                        let a = z[row + j] * inverseOutput[j]
                        direct[j, 0] += a
                        if let g { direct[j, g + 1] += a }
                    }
                }
            }
        }
        for i in 0..<nI { domestic[i, i] += 1 }
        let total: Matrix
        do {
            total = try LUFactorization(domestic).solve(direct)
        } catch LinalgError.singular {
            throw InputError(file: table.source, "the domestic block I - A of \(table.regions[c]) is singular: its import content of exports is undefined")
        }
        return (direct, total)
    }
}
