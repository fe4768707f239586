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
    /// One year's intensities of every industry (in the tables' industry order) and its domestic input coefficients.
    public struct Year: Sendable {
        /// Number of industries.
        let industries: Int
        /// Origins per industry: the total, then one per group.
        let width: Int
        /// Percent of the denominator by industry and origin (`i * width + o`), NaN where undefined.
        let om: [Double]
        let os: [Double]
        /// True where the industry's denominator is positive.
        let defined: [Bool]
        /// Domestic input coefficients, user i, supplier j at `i * industries + j` (see `TableYearData`).
        let coefficients: [Double]?

        /// A year from the flat sums of every industry (what the chain recomputes for a variant).
        public init(sums: IndustrySums, coefficients: [Double]?) {
            let n = sums.denominator.count, width = sums.groups + 1
            var om = [Double](repeating: .nan, count: n * width), os = om
            for i in 0..<n {
                for o in 0..<width {
                    om[i * width + o] = sums.percent(.om, industry: i, origin: o)
                    os[i * width + o] = sums.percent(.os, industry: i, origin: o)
                }
            }
            self.init(industries: n, width: width, om: om, os: os, defined: sums.denominator.map { $0 > 0 }, coefficients: coefficients)
        }

        /// A year from its measures (what `PanelBuilder` is given): the industries of `industries` that the
        /// measures list are defined, the others (left out for their denominator) are not.
        public init(measures: OffshoringYear, industries: [String], coefficients: [Double]?) {
            let n = industries.count, width = measures.origins.count
            var units: [String: OffshoringSums] = [:]
            for u in measures.industries { units[u.unit] = u.sums }
            var om = [Double](repeating: .nan, count: n * width), os = om
            var defined = [Bool](repeating: false, count: n)
            for (i, code) in industries.enumerated() {
                guard let s = units[code], s.denominator > 0 else { continue }
                defined[i] = true
                for o in 0..<width {
                    om[i * width + o] = s.percent(.om, origin: o) ?? .nan
                    os[i * width + o] = s.percent(.os, origin: o) ?? .nan
                }
            }
            self.init(industries: n, width: width, om: om, os: os, defined: defined, coefficients: coefficients)
        }

        init(industries: Int, width: Int, om: [Double], os: [Double], defined: [Bool], coefficients: [Double]?) {
            self.industries = industries
            self.width = width
            self.om = om
            self.os = os
            self.defined = defined
            self.coefficients = coefficients
        }

        /// Each industry's suppliers' offshoring (`om_sup`, `os_sup`), NaN without coefficients.
        func suppliers() -> (om: [Double], os: [Double]) {
            let n = industries, width = self.width
            guard let coefficients, coefficients.count == n * n else {
                return ([Double](repeating: .nan, count: n), [Double](repeating: .nan, count: n))
            }
            var smoOut = [Double](repeating: .nan, count: n), ssoOut = smoOut
            om.withUnsafeBufferPointer { mo in
                os.withUnsafeBufferPointer { so in
                    defined.withUnsafeBufferPointer { d in
                        coefficients.withUnsafeBufferPointer { a in
                            for i in 0..<n {
                                var smo = 0.0, sso = 0.0
                                let row = i * n
                                for j in 0..<n where a[row + j] != 0 && d[j] {
                                    smo += a[row + j] * mo[j * width]
                                    sso += a[row + j] * so[j * width]
                                }
                                smoOut[i] = finite(smo)
                                ssoOut[i] = finite(sso)
                            }
                        }
                    }
                }
            }
            return (smoOut, ssoOut)
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
        let suppliers = years.map { $0.suppliers() }
        var om = [Double](repeating: nan, count: count), os = om, omSup = om, osSup = om
        var omG = [[Double]](repeating: om, count: g), osG = omG
        for (r, row) in rows.enumerated() {
            let y = years[row.year], i = row.industry, base = i * y.width
            if y.defined[i] {
                om[r] = finite(y.om[base])
                os[r] = finite(y.os[base])
                for q in 0..<g {
                    omG[q][r] = finite(y.om[base + q + 1])
                    osG[q][r] = finite(y.os[base + q + 1])
                }
            }
            omSup[r] = suppliers[row.year].om[i]
            osSup[r] = suppliers[row.year].os[i]
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
