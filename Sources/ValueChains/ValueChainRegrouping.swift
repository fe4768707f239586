import DataIO
import IOTables
import Linalg

/// How upstreamness is computed (`offshore gvc --upstreamness`).
public enum UpstreamnessMethod: String, CaseIterable, Sendable {
    /// `(L x)_j / x_j` on the world table as it is (Antras, Chor, Fally and Hillberry 2012 without inventories).
    case plain
    /// Antras, Chor, Fally and Hillberry (2012) with net changes in inventories: an industry's output that goes into
    /// inventories is not counted as used, so the coefficients of its row are taken over its output less inventories,
    /// `delta_ij = Z_ij / (Y_i - N_i)` (their eq. with inventories, on the world table where exports and imports
    /// cancel), and upstreamness is `((I - Delta)^-1 1)_i`; equivalently each row of `A` is scaled by
    /// `Y_i / (Y_i - N_i)` (Antras and Chor 2013, 2018). A row with `Y_i - N_i <= 0` is left unscaled, as they do.
    case inventoryCorrected = "inventory-corrected"

    /// Reads `plain` or `inventory-corrected`.
    /// - Throws: `InputError` with key `key` listing the names accepted.
    public init(parsing text: String, key: String = "--upstreamness") throws {
        guard let m = UpstreamnessMethod(rawValue: text.lowercased()) else {
            throw InputError(key: key, "unknown upstreamness method '\(text)': expected plain or inventory-corrected")
        }
        self = m
    }
}

extension ValueChainMeasures {
    /// The final-demand categories that hold net changes in inventories: WIOD's `INVEN`, OECD ICIO's `INVNT` (`INV`).
    public static let inventoryCategories: Set<String> = ["INVEN", "INVNT", "INV"]

    /// Upstreamness corrected for net inventories (`UpstreamnessMethod.inventoryCorrected`) of every row of `table`:
    /// `(L_N x)_i / x_i` with `L_N = (I - S A)^-1`, `S_i = x_i / (x_i - N_i)`, `N_i` the row's inventory changes summed
    /// over every region's inventory column; 0 for rows without output.
    /// - Throws: `InputError` naming the table when it has no inventory-changes column or the system is singular.
    public static func inventoryCorrectedUpstreamness(table: MRIOTable) throws -> [Double] {
        let lx = try inventoryCorrectedOutput(table: table)
        return (0..<table.size).map { table.output[$0] > 0 ? lx[$0] / table.output[$0] : 0 }
    }

    /// `L_N x`, the numerators of `inventoryCorrectedUpstreamness` (the measures' sums, weighted by output).
    static func inventoryCorrectedOutput(table: MRIOTable) throws -> [Double] {
        guard let inv = table.finalDemandCategories.firstIndex(where: inventoryCategories.contains) else {
            throw InputError(file: table.source, "the inventory correction of upstreamness needs a final-demand column of changes in inventories "
                             + "(\(inventoryCategories.sorted().joined(separator: ", "))); the table's categories are "
                             + table.finalDemandCategories.joined(separator: ", "))
        }
        let n = table.size, nK = table.finalDemandCategories.count, nF = table.finalDemandColumns
        var scale = [Double](repeating: 1, count: n)
        table.finalDemand.withUnsafeBufferPointer { f in
            for i in 0..<n {
                var inventories = 0.0
                for s in 0..<table.regions.count { inventories += f[i * nF + s * nK + inv] }
                let y = table.output[i], net = y - inventories
                if y > 0, net > 0 { scale[i] = y / net }
            }
        }
        let system = try LeontiefSystem(table: table, rowScale: scale)
        var b = Matrix(rows: n, cols: 1)
        for i in 0..<n { b[i, 0] = table.output[i] }
        let lx = try system.leontiefTimes(b)
        return (0..<n).map { lx[$0, 0] }
    }
}

extension ValueChainYear {
    /// A year measured by region (`ValueChainMeasures.compute(byRegion: true)`: origins `total` then the table's
    /// regions) with its regions added up into the groups of `grouping`: origins `total` then the groups, each group's
    /// sums the sum over its regions (in table order, through the grouping's aliases), the totals as they are. The
    /// measures are sums over origins, so this equals measuring with `grouping` (to rounding: the same additions in the
    /// same order, except the import content of exports, whose groups are solved one region at a time).
    public func regrouped(by grouping: Grouping) -> ValueChainYear {
        let groupOf = grouping.resolve(regions: Array(origins.dropFirst())).groupOfRegion
        let nG = grouping.groups.count
        func regroup(_ u: GVCUnit) -> GVCUnit {
            var v = u
            v.sums = u.sums.map { s in
                var out = GVCSums(groups: nG)
                out.values[0] = s.values[0]
                out.weight = s.weight
                for (r, g) in groupOf.enumerated() {
                    if let g, r + 1 < s.values.count { out.values[g + 1] += s.values[r + 1] }
                }
                return out
            }
            return v
        }
        var y = self
        y.origins = ["total"] + grouping.groups.map(\.name)
        y.industries = industries.map(regroup)
        y.aggregates = aggregates.map(regroup)
        return y
    }
}
