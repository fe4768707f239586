/// Read-only inputs of the demeaning kernel: per factor, its codes and the (weighted) size of each level, and
/// the analytic weights. Valid only inside `FixedEffectsAbsorber.withKernelInputs`.
struct DemeaningInputs: @unchecked Sendable {
    let rows: Int
    let codes: [UnsafePointer<Int32>]
    let levelWeights: [UnsafePointer<Double>]
    let levelCounts: [Int]
    let weights: UnsafePointer<Double>?
}

/// Columns demeaned by several threads: each thread writes only its own columns and sweep counts.
struct SharedColumns: @unchecked Sendable {
    let columns: [UnsafeMutableBufferPointer<Double>]
    let sweeps: UnsafeMutableBufferPointer<Int>
}

/// One thread's scratch space and the demeaning arithmetic (see `FixedEffectsAbsorber`).
///
/// Alternating projections with Irons-Tuck acceleration, with the passes over the rows fused: subtracting one
/// factor's means and summing the next factor's groups happen in one pass, and so do the copies and the
/// extrapolation. Every value is computed by the same operations in the same order as the plain algorithm
/// (sum in row order, divide by the level weight, subtract), so the results are bit for bit those of sweeping
/// one factor at a time; there are about half as many passes over memory.
struct DemeaningWork {
    let inputs: DemeaningInputs
    let tolerance: Double
    let maxIterations: Int
    /// Per factor: group sums, then (after `finish`) group means.
    private var sums: [UnsafeMutablePointer<Double>]
    private var x1: UnsafeMutablePointer<Double>?
    private var x2: UnsafeMutablePointer<Double>?

    init(_ inputs: DemeaningInputs, tolerance: Double, maxIterations: Int) {
        self.inputs = inputs
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        sums = inputs.levelCounts.map { c in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(c, 1))
            p.initialize(repeating: 0, count: Swift.max(c, 1))
            return p
        }
        if inputs.codes.count >= 2 {
            x1 = UnsafeMutablePointer<Double>.allocate(capacity: inputs.rows)
            x2 = UnsafeMutablePointer<Double>.allocate(capacity: inputs.rows)
        }
    }

    /// Frees the scratch space.
    mutating func release() {
        for p in sums { p.deallocate() }
        sums = []
        x1?.deallocate(); x1 = nil
        x2?.deallocate(); x2 = nil
    }

    @inline(__always) private func zero(_ k: Int) {
        sums[k].update(repeating: 0, count: inputs.levelCounts[k])
    }

    /// Turns factor k's sums into means; returns the largest absolute mean (the sweep's change).
    @inline(__always) private func finish(_ k: Int) -> Double {
        let s = sums[k], lw = inputs.levelWeights[k]
        var biggest = 0.0
        for l in 0..<inputs.levelCounts[k] {
            s[l] = lw[l] > 0 ? s[l] / lw[l] : 0
            biggest = Swift.max(biggest, abs(s[l]))
        }
        return biggest
    }

    /// dst = src (dst may be src), summing factor `acc`'s groups of the new values.
    @inline(__always) private func copyAccumulate(_ dst: UnsafeMutablePointer<Double>, _ src: UnsafePointer<Double>, _ acc: Int) {
        zero(acc)
        let n = inputs.rows, c = inputs.codes[acc], s = sums[acc]
        if let w = inputs.weights {
            for i in 0..<n { let a = src[i]; dst[i] = a; s[Int(c[i])] += w[i] * a }
        } else {
            for i in 0..<n { let a = src[i]; dst[i] = a; s[Int(c[i])] += a }
        }
    }

    /// x -= means of factor `sub`, summing factor `acc`'s groups of the new values; also writes them to `copy`.
    @inline(__always) private func subtractAccumulate(_ x: UnsafeMutablePointer<Double>, _ sub: Int, _ acc: Int,
                                                      copy: UnsafeMutablePointer<Double>? = nil) {
        zero(acc)
        let n = inputs.rows, cs = inputs.codes[sub], m = sums[sub], ca = inputs.codes[acc], s = sums[acc]
        switch (inputs.weights, copy) {
        case (nil, nil):
            for i in 0..<n { let a = x[i] - m[Int(cs[i])]; x[i] = a; s[Int(ca[i])] += a }
        case (let w?, nil):
            for i in 0..<n { let a = x[i] - m[Int(cs[i])]; x[i] = a; s[Int(ca[i])] += w[i] * a }
        case (nil, let y?):
            for i in 0..<n { let a = x[i] - m[Int(cs[i])]; x[i] = a; y[i] = a; s[Int(ca[i])] += a }
        case (let w?, let y?):
            for i in 0..<n { let a = x[i] - m[Int(cs[i])]; x[i] = a; y[i] = a; s[Int(ca[i])] += w[i] * a }
        }
    }

    /// The rest of a full sweep whose first factor's sums are in place: returns the largest change.
    @inline(__always) private func sweepRest(_ x: UnsafeMutablePointer<Double>) -> Double {
        let k = inputs.codes.count
        var change = 0.0
        for f in 0..<(k - 1) {
            change = Swift.max(change, finish(f))
            subtractAccumulate(x, f, f + 1)
        }
        return Swift.max(change, finish(k - 1))
    }

    /// Demeans one column in place; returns the number of sweeps.
    mutating func demean(_ vb: UnsafeMutableBufferPointer<Double>) -> Int {
        guard let v = vb.baseAddress else { return 0 }
        let n = inputs.rows, k = inputs.codes.count
        if k == 0 || n == 0 { return 0 }
        if k == 1 {
            copyAccumulate(v, v, 0)
            _ = finish(0)
            let c = inputs.codes[0], m = sums[0]
            for i in 0..<n { v[i] -= m[Int(c[i])] }
            return 1
        }
        guard let x1, let x2 else { return 0 }
        var scale = 0.0
        for i in 0..<n { scale = Swift.max(scale, abs(v[i])) }
        if scale == 0 { return 0 }
        let last = k - 1, cl = inputs.codes[last], ml = sums[last]
        var sweeps = 0
        copyAccumulate(x1, v, 0)
        while sweeps < maxIterations {
            let change = sweepRest(x1)
            sweeps += 1
            if change <= tolerance * scale {
                for i in 0..<n { v[i] = x1[i] - ml[Int(cl[i])] }
                return sweeps
            }
            // x1 finished; x2 = T(x1), starting with its copy.
            subtractAccumulate(x1, last, 0, copy: x2)
            _ = sweepRest(x2)
            sweeps += 1
            var num = 0.0, den = 0.0
            for i in 0..<n {
                let a = x2[i] - ml[Int(cl[i])]
                x2[i] = a
                let d1 = a - x1[i]
                let d2 = d1 - (x1[i] - v[i])
                num += d1 * d2
                den += d2 * d2
            }
            let coef = den > 0 ? num / den : 0
            // v = extrapolation; x1 = v with the first factor's sums of the next iteration.
            zero(0)
            let c0 = inputs.codes[0], s0 = sums[0]
            if let w = inputs.weights {
                for i in 0..<n { let a = x2[i] - coef * (x2[i] - x1[i]); v[i] = a; x1[i] = a; s0[Int(c0[i])] += w[i] * a }
            } else {
                for i in 0..<n { let a = x2[i] - coef * (x2[i] - x1[i]); v[i] = a; x1[i] = a; s0[Int(c0[i])] += a }
            }
        }
        return maxIterations + 1
    }
}
