import Offshoring

/// The panel's offshoring columns, `om`, `os`, `om_<GROUP>`, `os_<GROUP>`, `om_sup`, `os_sup`, from every year's
/// intensities: the one computation `PanelBuilder` builds the panel with and the sensitivity chain replaces a
/// variant's columns with, so that both give the same bits.
///
/// Intensities are in percent, NaN where the industry's denominator is not positive (undefined). Suppliers'
/// offshoring (`om_sup`, `os_sup`) is each industry's sum over its suppliers of the domestic input coefficient
/// times the supplier's total intensity, suppliers without a defined intensity adding nothing; NaN when the
/// year's table gives no coefficients. Non-finite results are NaN.
public enum OffshoringColumns {
    /// One year's offshoring sums of every industry (in the tables' industry order) and its domestic input
    /// coefficients: what the year's columns are computed from.
    public struct Year: Sendable {
        /// Origins per industry: the total, then one per group.
        let width: Int
        /// Imported manufactured and business-service inputs by industry and origin (`i * width + o`).
        let om: [Double]
        let os: [Double]
        /// Each industry's denominator (not positive: the industry's intensities are undefined).
        let denominator: [Double]
        /// Domestic input coefficients, user i, supplier j at `i * industries + j` (see `TableYearData`).
        let coefficients: [Double]?
        /// Domestic flows, supplier j to user i at `j * industries + i` (see `TableYearData.domestic`): what the
        /// coefficients of aggregated industries are computed from. Nil: aggregated years have no coefficients.
        let domestic: [Double]?

        /// A year from the flat sums of every industry (what the chain recomputes for a variant); shares the arrays.
        public init(sums: IndustrySums, coefficients: [Double]?, domestic: [Double]? = nil) {
            self.init(width: sums.groups + 1, om: sums.om, os: sums.os, denominator: sums.denominator, coefficients: coefficients,
                      domestic: domestic)
        }

        /// A year from its measures (what `PanelBuilder` is given): the industries of `industries` that the
        /// measures list have their sums, the others (left out for their denominator) are undefined.
        public init(measures: OffshoringYear, industries: [String], coefficients: [Double]?, domestic: [Double]? = nil) {
            let n = industries.count, width = measures.origins.count
            var units: [String: OffshoringSums] = [:]
            for u in measures.industries { units[u.unit] = u.sums }
            var om = [Double](repeating: 0, count: n * width), os = om
            var denominator = [Double](repeating: 0, count: n)
            for (i, code) in industries.enumerated() {
                guard let s = units[code], s.om.count == width, s.os.count == width else { continue }
                for o in 0..<width {
                    om[i * width + o] = s.om[o]
                    os[i * width + o] = s.os[o]
                }
                denominator[i] = s.denominator
            }
            self.init(width: width, om: om, os: os, denominator: denominator, coefficients: coefficients, domestic: domestic)
        }

        init(width: Int, om: [Double], os: [Double], denominator: [Double], coefficients: [Double]?, domestic: [Double]? = nil) {
            self.width = width
            self.om = om
            self.os = os
            self.denominator = denominator
            self.coefficients = coefficients
            self.domestic = domestic
        }

        /// The year on the industries of `aggregation` (the accounts' industries): every target's imports by origin
        /// and its denominator are the SUMS over its table industries (a ratio of sums, never a mean of the members'
        /// ratios), added in table order; its domestic input coefficients are computed from the domestic flows
        /// summed over the suppliers' and the users' members (rows first, then columns), as `TableYearData`
        /// computes them from a table's flows. Without domestic flows the aggregated year has no coefficients.
        public func aggregated(by aggregation: Aggregation) -> Year {
            let n = industries, m = aggregation.targets.count, w = width
            guard aggregation.sourceCount == n else {
                let undefined = [Double](repeating: .nan, count: m * w)
                return Year(width: w, om: undefined, os: undefined, denominator: [Double](repeating: .nan, count: m), coefficients: nil)
            }
            var om = [Double](repeating: 0, count: m * w), os = om
            var denominator = [Double](repeating: 0, count: m)
            for (t, members) in aggregation.members.enumerated() {
                for i in members {
                    for o in 0..<w {
                        om[t * w + o] += self.om[i * w + o]
                        os[t * w + o] += self.os[i * w + o]
                    }
                    denominator[t] += self.denominator[i]
                }
            }
            var coefficients: [Double]?, flows: [Double]?
            if let z = domestic, z.count == n * n {
                // Rows first (suppliers' members for every table user), then columns (users' members).
                var rows = [Double](repeating: 0, count: m * n)
                for (s, members) in aggregation.members.enumerated() {
                    for j in members { for i in 0..<n { rows[s * n + i] += z[j * n + i] } }
                }
                var agg = [Double](repeating: 0, count: m * m)
                for s in 0..<m {
                    for (u, members) in aggregation.members.enumerated() {
                        for i in members { agg[s * m + u] += rows[s * n + i] }
                    }
                }
                var a = [Double](repeating: 0, count: m * m)
                for u in 0..<m {
                    var total = 0.0
                    for s in 0..<m { total += agg[s * m + u] }
                    if total != 0 { for s in 0..<m { a[u * m + s] = agg[s * m + u] / total } }
                }
                coefficients = a
                flows = agg
            }
            return Year(width: w, om: om, os: os, denominator: denominator, coefficients: coefficients, domestic: flows)
        }

        /// Number of industries.
        var industries: Int { denominator.count }

        /// Industry `i`'s intensity in percent for origin `o` of the sums `sums` (`om` or `os`), NaN when
        /// undefined: the arithmetic of `OffshoringSums.percent` and `IndustrySums.percent`.
        @inline(__always)
        func percent(_ sums: [Double], _ i: Int, _ o: Int) -> Double {
            let d = denominator[i]
            guard d > 0 else { return .nan }
            return 100 * sums[i * width + o] / d
        }
    }

    /// A many-to-one map of the tables' industries onto the accounts' industries (from `[data] table_concordance`):
    /// each table industry belongs to exactly one target; a target's members are in table order.
    public struct Aggregation: Sendable, Equatable {
        /// The accounts' industries, in the order of their first table industry.
        public let targets: [String]
        /// The table industries (indices in the tables' order) of each target, ascending.
        public let members: [[Int]]
        /// Number of table industries.
        public let sourceCount: Int

        /// The aggregation of `tableIndustries` by `target` (table code -> accounts code); nil when a table industry
        /// has no target (the concordance is checked before: `TableConcordance`).
        public init?(tableIndustries: [String], target: [String: String]) {
            var targets: [String] = [], index: [String: Int] = [:], members: [[Int]] = []
            for (i, code) in tableIndustries.enumerated() {
                guard let t = target[code] else { return nil }
                if let k = index[t] {
                    members[k].append(i)
                } else {
                    index[t] = targets.count
                    targets.append(t)
                    members.append([i])
                }
            }
            self.targets = targets
            self.members = members
            self.sourceCount = tableIndustries.count
        }

        /// The table industries of each target, by code.
        public func memberCodes(of tableIndustries: [String]) -> [String: [String]] {
            var out: [String: [String]] = [:]
            for (t, m) in zip(targets, members) { out[t] = m.map { tableIndustries[$0] } }
            return out
        }
    }

    /// One panel row: its industry's index in the tables' industries and its year's index in the years given.
    public struct Row: Sendable, Equatable {
        /// Index of the row's industry in the tables' industry order.
        public var industry: Int
        /// Index of the row's year in the `years` passed to `compute`.
        public var year: Int

        /// A row.
        public init(industry: Int, year: Int) {
            self.industry = industry
            self.year = year
        }
    }

    /// The column names, in panel order, for the groups `groups`: the intensities, by group, then the spillovers
    /// (`om_sup`, `os_sup`: suppliers' with the own industry among them, as before; `om_bwd`, `os_bwd`: suppliers'
    /// excluding the industry itself; `om_fwd`, `os_fwd`: customers' excluding the industry itself).
    public static func names(groups: [String]) -> [String] {
        ["om", "os"] + groups.flatMap { ["om_\($0)", "os_\($0)"] } + ["om_sup", "os_sup"] + spilloverNames
    }

    /// The spillover columns that leave the industry itself out: backward (suppliers' offshoring,
    /// sum over j != i of a_ij x_j with a_ij the share of j in i's domestic inputs) and forward (customers'
    /// offshoring, sum over j != i of s_ij x_j with s_ij the share of i's domestic intermediate sales going to j).
    public static let spilloverNames = ["om_bwd", "os_bwd", "om_fwd", "os_fwd"]

    /// The columns (in the order of `names(groups:)`), one value per row of `rows`.
    /// - Parameters:
    ///   - groups: the group names; every year has `groups.count + 1` origins.
    ///   - aggregation: the tables' industries onto the accounts' (`[data] table_concordance`): the years are
    ///     aggregated first (`Year.aggregated(by:)`) and the rows index its targets; nil: rows index the tables'
    ///     industries.
    ///   - unit: the unit of the columns (`[data] offshoring_unit`); percentage points by default.
    ///   - baseYearWeights: the spillovers of every year with the input-output weights of the first year of `years`
    ///     (`[data] spillover_weights = "base"`) rather than each year's own.
    public static func compute(years: [Year], rows: [Row], groups: [String], aggregation: Aggregation? = nil,
                               unit: OffshoringScale = .percentagePoints, baseYearWeights: Bool = false) -> [(name: String, values: [Double])] {
        if let aggregation {
            return compute(years: years.map { $0.aggregated(by: aggregation) }, rows: rows, groups: groups, aggregation: nil, unit: unit,
                           baseYearWeights: baseYearWeights)
        }
        let columns = computeInPercent(years: years, rows: rows, groups: groups, baseYearWeights: baseYearWeights)
        guard unit.scale != 1 else { return columns }
        return columns.map { (name: $0.name, values: $0.values.map { $0 * unit.scale }) }
    }

    /// The columns in percent, from years already on the rows' industries.
    static func computeInPercent(years: [Year], rows: [Row], groups: [String], baseYearWeights: Bool) -> [(name: String, values: [Double])] {
        let g = groups.count, count = rows.count, nan = Double.nan
        let n = years.first?.industries ?? 0
        // Each year's total om and os by industry (NaN where undefined), then the suppliers' measures: the
        // coefficient-weighted sums over suppliers with a defined intensity.
        var omT = [Double](repeating: nan, count: years.count * n), osT = omT, omS = omT, osS = omT
        for (k, y) in years.enumerated() where y.industries == n {
            for i in 0..<n {
                omT[k * n + i] = y.percent(y.om, i, 0)
                osT[k * n + i] = y.percent(y.os, i, 0)
            }
            guard let coefficients = y.coefficients, coefficients.count == n * n else { continue }
            omT.withUnsafeBufferPointer { mo in
                osT.withUnsafeBufferPointer { so in
                    y.denominator.withUnsafeBufferPointer { d in
                        coefficients.withUnsafeBufferPointer { a in
                            for i in 0..<n {
                                var smo = 0.0, sso = 0.0
                                let row = i * n
                                for j in 0..<n where a[row + j] != 0 && d[j] > 0 {
                                    smo += a[row + j] * mo[k * n + j]
                                    sso += a[row + j] * so[k * n + j]
                                }
                                omS[k * n + i] = finite(smo)
                                osS[k * n + i] = finite(sso)
                            }
                        }
                    }
                }
            }
        }
        // Backward and forward spillovers without the industry itself, with each year's weights or the first year's.
        var omB = [Double](repeating: nan, count: years.count * n), osB = omB, omF = omB, osF = omB
        for (k, y) in years.enumerated() where y.industries == n {
            let weights = baseYearWeights ? (years.first ?? y) : y
            guard weights.industries == n else { continue }
            if let a = weights.coefficients, a.count == n * n {
                for i in 0..<n {
                    var smo = 0.0, sso = 0.0
                    for j in 0..<n where j != i && a[i * n + j] != 0 && y.denominator[j] > 0 {
                        smo += a[i * n + j] * omT[k * n + j]
                        sso += a[i * n + j] * osT[k * n + j]
                    }
                    omB[k * n + i] = finite(smo)
                    osB[k * n + i] = finite(sso)
                }
            }
            if let z = weights.domestic, z.count == n * n {
                for i in 0..<n {
                    var sales = 0.0
                    for j in 0..<n { sales += z[i * n + j] }
                    guard sales != 0 else { continue }
                    var smo = 0.0, sso = 0.0
                    for j in 0..<n where j != i && z[i * n + j] != 0 && y.denominator[j] > 0 {
                        smo += z[i * n + j] / sales * omT[k * n + j]
                        sso += z[i * n + j] / sales * osT[k * n + j]
                    }
                    omF[k * n + i] = finite(smo)
                    osF[k * n + i] = finite(sso)
                }
            }
        }
        var om = [Double](repeating: nan, count: count), os = om, omSup = om, osSup = om
        var omBwd = om, osBwd = om, omFwd = om, osFwd = om
        var omG = [[Double]](repeating: om, count: g), osG = omG
        for (r, row) in rows.enumerated() {
            let k = row.year, i = row.industry, y = years[k]
            guard y.industries == n else { continue }
            if y.denominator[i] > 0 {
                om[r] = finite(omT[k * n + i])
                os[r] = finite(osT[k * n + i])
                for q in 0..<g {
                    omG[q][r] = finite(y.percent(y.om, i, q + 1))
                    osG[q][r] = finite(y.percent(y.os, i, q + 1))
                }
            }
            omSup[r] = omS[k * n + i]
            osSup[r] = osS[k * n + i]
            omBwd[r] = omB[k * n + i]
            osBwd[r] = osB[k * n + i]
            omFwd[r] = omF[k * n + i]
            osFwd[r] = osF[k * n + i]
        }
        var out: [(name: String, values: [Double])] = [("om", om), ("os", os)]
        for (q, name) in groups.enumerated() {
            out.append(("om_\(name)", omG[q]))
            out.append(("os_\(name)", osG[q]))
        }
        out.append(("om_sup", omSup))
        out.append(("os_sup", osSup))
        out += [("om_bwd", omBwd), ("os_bwd", osBwd), ("om_fwd", omFwd), ("os_fwd", osFwd)]
        return out
    }
}

/// `x`, or NaN when it is not finite.
@inline(__always)
private func finite(_ x: Double) -> Double { x.isFinite ? x : .nan }
