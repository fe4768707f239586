import DataIO
import Linalg

/// The first-difference design: each observation minus the same entity's observation one period earlier,
/// kept only when that earlier period is in the sample (a gap in time gives no difference). The intercept
/// column, if kept, stays a column of ones (plm's "fd" model). Rows are the later period's data rows.
func firstDifferences(_ d: Design, index: PanelIndex, interceptWanted: Bool) throws -> Design {
    let previous = index.shiftedRows(by: 1)
    var position = [Int: Int]()
    for (k, r) in d.rows.enumerated() { position[r] = k }
    var pairs: [(Int, Int)] = []
    for (k, r) in d.rows.enumerated() { if let p = position[previous[r]] { pairs.append((k, p)) } }
    guard !pairs.isEmpty else {
        throw InputError(key: "panel", "no entity has two consecutive periods in the sample: nothing to difference")
    }
    let n = pairs.count
    func diff(_ m: Matrix, keepOnes: Int) -> Matrix {
        var out = Matrix(rows: n, cols: m.cols)
        for j in 0..<m.cols {
            for (i, (a, b)) in pairs.enumerated() { out[i, j] = j < keepOnes ? 1 : m[a, j] - m[b, j] }
        }
        return out
    }
    var acc = d.accounting
    acc.used = n
    acc.noPreviousPeriod = d.nobs - n
    return Design(rows: pairs.map { d.rows[$0.0] }, responseName: d.responseName,
                  y: pairs.map { d.y[$0.0] - d.y[$0.1] }, names: d.names, x: diff(d.x, keepOnes: d.hasIntercept ? 1 : 0),
                  hasIntercept: d.hasIntercept, fixedEffects: [],
                  endogenousNames: d.endogenousNames, endogenous: diff(d.endogenous, keepOnes: 0),
                  instrumentNames: d.instrumentNames, instruments: diff(d.instruments, keepOnes: 0),
                  weights: d.weights.map { w in pairs.map { w[$0.0] } }, accounting: acc)
}

/// The between design: one observation per entity, the unweighted means of its rows in the sample.
/// Rows are each entity's first data row (used to look up cluster variables).
func betweenMeans(_ d: Design, index: PanelIndex) throws -> Design {
    var group = [Int32: Int]()
    var firstRow: [Int] = []
    var members: [Int] = []
    for r in d.rows {
        let e = index.entity.codes[r]
        if let g = group[e] { members.append(g) } else {
            group[e] = firstRow.count
            members.append(firstRow.count)
            firstRow.append(r)
        }
    }
    let g = firstRow.count
    var counts = [Double](repeating: 0, count: g)
    for m in members { counts[m] += 1 }
    func means(_ m: Matrix) -> Matrix {
        var out = Matrix(rows: g, cols: m.cols)
        for j in 0..<m.cols {
            for (i, grp) in members.enumerated() { out[grp, j] += m[i, j] }
            for k in 0..<g { out[k, j] /= counts[k] }
        }
        return out
    }
    var y = [Double](repeating: 0, count: g)
    for (i, grp) in members.enumerated() { y[grp] += d.y[i] }
    for k in 0..<g { y[k] /= counts[k] }
    var acc = d.accounting
    acc.used = d.nobs
    return Design(rows: firstRow, responseName: d.responseName, y: y, names: d.names, x: means(d.x),
                  hasIntercept: d.hasIntercept, fixedEffects: [],
                  endogenousNames: d.endogenousNames, endogenous: means(d.endogenous),
                  instrumentNames: d.instrumentNames, instruments: means(d.instruments),
                  weights: nil, accounting: acc)
}
