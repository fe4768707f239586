import Dispatch
import DataIO
import Foundation
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
    let levelWeights: [[Double]]

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

    /// Demeans one column in place; returns the number of sweeps (0 when there is no fixed effect).
    @discardableResult
    public func demean(_ v: UnsafeMutableBufferPointer<Double>) -> Int {
        demean(columns: [v])
    }

    /// Demeans a vector; returns the sweeps used.
    @discardableResult
    public func demean(_ v: inout [Double]) -> Int {
        v.withUnsafeMutableBufferPointer { demean($0) }
    }

    /// Demeans every column of a matrix in place; returns the largest number of sweeps any column needed.
    @discardableResult
    public func demean(_ m: inout Matrix) -> Int {
        let n = m.rows, k = m.cols
        return m.storage.withUnsafeMutableBufferPointer { all -> Int in
            guard let base = all.baseAddress else { return 0 }
            return demean(columns: (0..<k).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) })
        }
    }

    /// Demeans several columns (each of the factors' length) in place, split across the cores: every column
    /// gets exactly the arithmetic of `demean(_:)`, so the results do not depend on the number of threads.
    /// Returns the largest number of sweeps any column needed.
    @discardableResult
    public func demean(columns: [UnsafeMutableBufferPointer<Double>]) -> Int {
        let cols = columns.filter { !$0.isEmpty }
        if factors.isEmpty || cols.isEmpty { return 0 }
        let n = cols[0].count
        let workers = n < 20_000 ? 1 : Parallelism.workers(for: cols.count)
        return withKernelInputs { inputs -> Int in
            guard inputs.codes.count == factors.count, inputs.rows == n, cols.allSatisfy({ $0.count == n }) else { return 0 }
            if workers == 1 {
                var work = DemeaningWork(inputs, tolerance: tolerance, maxIterations: maxIterations)
                defer { work.release() }
                return cols.reduce(0) { Swift.max($0, work.demean($1)) }
            }
            let sweeps = UnsafeMutableBufferPointer<Int>.allocate(capacity: cols.count)
            sweeps.initialize(repeating: 0)
            defer { sweeps.deallocate() }
            let shared = SharedColumns(columns: cols, sweeps: sweeps)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var work = DemeaningWork(inputs, tolerance: tolerance, maxIterations: maxIterations)
                defer { work.release() }
                var j = w
                while j < shared.columns.count {
                    shared.sweeps[j] = work.demean(shared.columns[j])
                    j += workers
                }
            }
            return sweeps.max() ?? 0
        }
    }

    /// Calls `body` with pointers to the factors' codes, their level weights and the weights, valid inside it.
    private func withKernelInputs<R>(_ body: (DemeaningInputs) -> R) -> R {
        let n = factors.first?.codes.count ?? 0
        func nest(_ k: Int, _ codes: [UnsafePointer<Int32>], _ lw: [UnsafePointer<Double>]) -> R {
            if k == factors.count {
                guard let w = weights else {
                    return body(DemeaningInputs(rows: n, codes: codes, levelWeights: lw,
                                                levelCounts: factors.map(\.levelCount), weights: nil))
                }
                return w.withUnsafeBufferPointer {
                    body(DemeaningInputs(rows: n, codes: codes, levelWeights: lw, levelCounts: factors.map(\.levelCount),
                                         weights: $0.baseAddress))
                }
            }
            return factors[k].codes.withUnsafeBufferPointer { c in
                levelWeights[k].withUnsafeBufferPointer { l in
                    guard let cb = c.baseAddress, let lb = l.baseAddress else {
                        return body(DemeaningInputs(rows: 0, codes: [], levelWeights: [], levelCounts: [], weights: nil))
                    }
                    return nest(k + 1, codes + [cb], lw + [lb])
                }
            }
        }
        return nest(0, [], [])
    }

    /// True when a sweep count returned by `demean` means the iteration cap was hit.
    public func didNotConverge(_ sweeps: Int) -> Bool { sweeps > maxIterations }

    /// The number of parameters the fixed effects absorb: the levels, less the redundancies. Exact for one and
    /// two effects (two: levels of both minus the connected components of their bipartite graph); beyond two,
    /// one redundancy is assumed per extra effect (the fixest convention).
    public var degreesOfFreedom: Int { Self.degreesOfFreedom(of: factors) }

    /// `degreesOfFreedom` of fixed effects `factors`, in their order.
    static func degreesOfFreedom(of factors: [Factor]) -> Int {
        guard !factors.isEmpty else { return 0 }
        var dof = factors[0].levelCount
        if factors.count >= 2 {
            dof += factors[1].levelCount - connectedComponents(factors[0], factors[1])
        }
        if factors.count > 2 { for f in factors[2...] { dof += f.levelCount - 1 } }
        return dof
    }

    /// The parameters of fixed effects nested in a cluster variable (every level of the effect lies in one
    /// cluster) are not counted in the small-sample K of clustered errors (reghdfe's and linearmodels'
    /// convention): the nested effects are removed as a group, `degreesOfFreedom` less the degrees of freedom the
    /// nested effects have on their own (their levels less the redundancies among them). Removing each nested
    /// effect's levels one by one, as before issue 17, removed the redundancy between two nested effects twice
    /// and made K one too small when a third effect is not nested. For fixest's convention see
    /// `degreesOfFreedom(notNestedIn:convention:)`. Returns the absorbed degrees of freedom that remain, never
    /// below zero.
    public func degreesOfFreedom(notNestedIn clusters: [Factor]) -> Int {
        degreesOfFreedom(notNestedIn: clusters, convention: .reghdfe)
    }

    /// The absorbed parameters counted in the K of CR1's `(N-1)/(N-K)` under a named convention (see
    /// `NestedEffectsConvention`); an effect counts as nested when it is nested in at least one of `clusters`.
    public func degreesOfFreedom(notNestedIn clusters: [Factor], convention: NestedEffectsConvention) -> Int {
        let nested = factors.filter { f in clusters.contains(where: { isNested(f, in: $0) }) }
        guard !nested.isEmpty else { return degreesOfFreedom }
        switch convention {
        case .reghdfe:
            return max(0, degreesOfFreedom - Self.degreesOfFreedom(of: nested))
        case .fixest:
            return max(0, degreesOfFreedom - nested.reduce(0) { $0 + $1.levelCount } + nested.count)
        }
    }
}

/// How the parameters of fixed effects nested in the clusters enter the K of the CR1 factor `(N-1)/(N-K)`.
///
/// With effects `a` (nested in the clusters) and `b` (not nested) on a connected panel, the effects absorb
/// `A + B - 1` parameters; the conventions count:
/// - `reghdfe`: `B - 1`: the nested effects are removed as a group with their own degrees of freedom (reghdfe,
///   linearmodels; offshore's default).
/// - `fixest`: `B`: each nested effect's levels are removed but one parameter per nested effect is kept
///   (fixest's default `ssc(fixef.K = "nested")`, as documented in `?ssc` and implemented by pyfixest's
///   `ssc(k_fixef = "nonnested")`: K = variables + levels - (effects - 1) - nested levels + nested effects).
///   With every effect nested, fixest keeps 1 where reghdfe keeps 0.
/// The redundancies among the effects are those of `degreesOfFreedom` (exact for the first two effects, one per
/// further effect); fixest's default (`fixef.force_exact = FALSE`) assumes one per further effect throughout,
/// which is the same whenever the first two effects are connected (every panel where entities share periods).
public enum NestedEffectsConvention: String, Sendable, CaseIterable {
    /// reghdfe's and linearmodels' K: nested effects removed as a group.
    case reghdfe
    /// fixest's K (`fixef.K = "nested"`): one parameter kept per nested effect.
    case fixest
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
