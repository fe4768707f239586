import Linalg

/// Partials fixed effects out of columns ("demeaning", the within transformation), optionally weighted.
///
/// One fixed effect: exact, by subtracting (weighted) group means once. Several: alternating projections
/// (subtract each effect's group means in turn), accelerated by Irons-Tuck extrapolation, until a sweep changes
/// no value by more than `tolerance` times the column's largest absolute value, or `maxIterations` sweeps have
/// run. On a balanced two-way panel one sweep is exact.
public struct FixedEffectsAbsorber {
    /// The fixed effects (dense codes, no missing).
    public let factors: [Factor]
    /// Analytic weights, or nil.
    public let weights: [Double]?
    /// Relative convergence tolerance for several fixed effects.
    public let tolerance: Double
    /// Iteration cap for several fixed effects.
    public let maxIterations: Int
    /// Per factor, the (weighted) size of each level.
    private let levelWeights: [[Double]]

    /// Prepares the absorber; the factors must have no missing code.
    public init(factors: [Factor], weights: [Double]? = nil, tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
        self.factors = factors
        self.weights = weights
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        levelWeights = factors.map { f in
            var s = [Double](repeating: 0, count: f.levelCount)
            for i in 0..<f.codes.count { s[Int(f.codes[i])] += weights?[i] ?? 1 }
            return s
        }
    }

    /// Subtracts one factor's (weighted) group means from `v` in place; returns the largest change.
    private func sweep(_ k: Int, _ v: UnsafeMutableBufferPointer<Double>, _ sums: inout [Double]) -> Double {
        let codes = factors[k].codes
        let lw = levelWeights[k]
        for l in 0..<sums.count { sums[l] = 0 }
        if let w = weights {
            for i in 0..<v.count { sums[Int(codes[i])] += w[i] * v[i] }
        } else {
            for i in 0..<v.count { sums[Int(codes[i])] += v[i] }
        }
        var biggest = 0.0
        for l in 0..<sums.count {
            sums[l] = lw[l] > 0 ? sums[l] / lw[l] : 0
            biggest = max(biggest, abs(sums[l]))
        }
        for i in 0..<v.count { v[i] -= sums[Int(codes[i])] }
        return biggest
    }

    /// Demeans one column in place; returns the number of sweeps (0 when there is no fixed effect).
    @discardableResult
    public func demean(_ v: UnsafeMutableBufferPointer<Double>) -> Int {
        if factors.isEmpty || v.isEmpty { return 0 }
        var scratch = factors.map { [Double](repeating: 0, count: $0.levelCount) }
        if factors.count == 1 {
            _ = sweep(0, v, &scratch[0])
            return 1
        }
        var scale = 0.0
        for x in v { scale = max(scale, abs(x)) }
        if scale == 0 { return 0 }
        // One full sweep T(x): every effect's group means subtracted in turn; returns the largest change.
        func fullSweep(_ x: UnsafeMutableBufferPointer<Double>) -> Double {
            var change = 0.0
            for k in 0..<factors.count { change = max(change, sweep(k, x, &scratch[k])) }
            return change
        }
        // Irons-Tuck acceleration of the fixed-point iteration x = T(x) (as in fixest): from x, T(x) and
        // T(T(x)), extrapolate along the last step. Every iterate stays v minus a combination of dummies, so
        // the limit is still the demeaned v; convergence is judged on a plain sweep.
        var x1 = [Double](repeating: 0, count: v.count)
        var x2 = [Double](repeating: 0, count: v.count)
        var sweeps = 0
        while sweeps < maxIterations {
            for i in 0..<v.count { x1[i] = v[i] }
            let change = x1.withUnsafeMutableBufferPointer { fullSweep($0) }
            sweeps += 1
            if change <= tolerance * scale {
                for i in 0..<v.count { v[i] = x1[i] }
                return sweeps
            }
            for i in 0..<v.count { x2[i] = x1[i] }
            _ = x2.withUnsafeMutableBufferPointer { fullSweep($0) }
            sweeps += 1
            var num = 0.0, den = 0.0
            for i in 0..<v.count {
                let d1 = x2[i] - x1[i]
                let d2 = d1 - (x1[i] - v[i])
                num += d1 * d2
                den += d2 * d2
            }
            let coef = den > 0 ? num / den : 0
            for i in 0..<v.count { v[i] = x2[i] - coef * (x2[i] - x1[i]) }
        }
        return maxIterations + 1
    }

    /// Demeans a vector; returns the sweeps used.
    @discardableResult
    public func demean(_ v: inout [Double]) -> Int {
        v.withUnsafeMutableBufferPointer { demean($0) }
    }

    /// Demeans every column of a matrix in place; returns the largest number of sweeps any column needed.
    @discardableResult
    public func demean(_ m: inout Matrix) -> Int {
        let n = m.rows
        var most = 0
        m.storage.withUnsafeMutableBufferPointer { all in
            for j in 0..<m.cols {
                guard let base = all.baseAddress else { return }
                let col = UnsafeMutableBufferPointer(start: base + j * n, count: n)
                most = max(most, demean(col))
            }
        }
        return most
    }

    /// True when a sweep count returned by `demean` means the iteration cap was hit.
    public func didNotConverge(_ sweeps: Int) -> Bool { sweeps > maxIterations }

    /// The number of parameters the fixed effects absorb: the levels, less the redundancies. Exact for one and
    /// two effects (two: levels of both minus the connected components of their bipartite graph); beyond two,
    /// one redundancy is assumed per extra effect (the fixest convention).
    public var degreesOfFreedom: Int {
        guard !factors.isEmpty else { return 0 }
        var dof = factors[0].levelCount
        if factors.count >= 2 {
            dof += factors[1].levelCount - connectedComponents(factors[0], factors[1])
        }
        if factors.count > 2 { for f in factors[2...] { dof += f.levelCount - 1 } }
        return dof
    }

    /// The levels of factors nested in `cluster` (every level of the factor lies in one cluster) are not counted
    /// in the small-sample K of clustered errors (fixest's and reghdfe's convention). Returns the absorbed degrees
    /// of freedom that remain, never below zero.
    public func degreesOfFreedom(notNestedIn clusters: [Factor]) -> Int {
        var dof = degreesOfFreedom
        for f in factors where clusters.contains(where: { isNested(f, in: $0) }) { dof -= f.levelCount }
        return max(0, dof)
    }
}

/// True when each level of `inner` occurs within a single level of `outer`.
public func isNested(_ inner: Factor, in outer: Factor) -> Bool {
    var owner = [Int32](repeating: -1, count: inner.levelCount)
    for i in 0..<inner.codes.count {
        let a = inner.codes[i], b = outer.codes[i]
        if a < 0 || b < 0 { continue }
        if owner[Int(a)] < 0 { owner[Int(a)] = b } else if owner[Int(a)] != b { return false }
    }
    return true
}

/// Connected components of the bipartite graph linking the levels of two factors that occur together.
func connectedComponents(_ a: Factor, _ b: Factor) -> Int {
    let na = a.levelCount
    var parent = Array(0..<(na + b.levelCount))
    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    for i in 0..<a.codes.count {
        let ra = find(Int(a.codes[i])), rb = find(na + Int(b.codes[i]))
        if ra != rb { parent[ra] = rb }
    }
    var roots = Set<Int>()
    for x in 0..<parent.count { roots.insert(find(x)) }
    return roots.count
}
