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

        /// A year from the flat sums of every industry (what the chain recomputes for a variant); shares the arrays.
        public init(sums: IndustrySums, coefficients: [Double]?) {
            self.init(width: sums.groups + 1, om: sums.om, os: sums.os, denominator: sums.denominator, coefficients: coefficients)
        }

        /// A year from its measures (what `PanelBuilder` is given): the industries of `industries` that the
        /// measures list have their sums, the others (left out for their denominator) are undefined.
        public init(measures: OffshoringYear, industries: [String], coefficients: [Double]?) {
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
            self.init(width: width, om: om, os: os, denominator: denominator, coefficients: coefficients)
        }

        init(width: Int, om: [Double], os: [Double], denominator: [Double], coefficients: [Double]?) {
            self.width = width
            self.om = om
            self.os = os
            self.denominator = denominator
            self.coefficients = coefficients
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

    /// The column names, in panel order, for the groups `groups`.
    public static func names(groups: [String]) -> [String] {
        ["om", "os"] + groups.flatMap { ["om_\($0)", "os_\($0)"] } + ["om_sup", "os_sup"]
    }

    /// The columns (in the order of `names(groups:)`), one value per row of `rows`.
    /// - Parameter groups: the group names; every year has `groups.count + 1` origins.
    public static func compute(years: [Year], rows: [Row], groups: [String]) -> [(name: String, values: [Double])] {
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
        var om = [Double](repeating: nan, count: count), os = om, omSup = om, osSup = om
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
        }
        var out: [(name: String, values: [Double])] = [("om", om), ("os", os)]
        for (q, name) in groups.enumerated() {
            out.append(("om_\(name)", omG[q]))
            out.append(("os_\(name)", osG[q]))
        }
        out.append(("om_sup", omSup))
        out.append(("os_sup", osSup))
        return out
    }
}

/// `x`, or NaN when it is not finite.
@inline(__always)
private func finite(_ x: Double) -> Double { x.isFinite ? x : .nan }
