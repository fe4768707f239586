import DataIO
import Foundation

/// What a wild cluster bootstrap is asked to do: the `--bootstrap wild[:KEY=VALUE,...]` of `offshore regress` and
/// the `bootstrap` of a model in an `estimate` config (typed like `VarianceEstimator`: parsed once where it is
/// read, written back through `name`).
///
/// Written `wild` or `wild:cluster=V,reps=N,weights=webb|rademacher|mammen|normal,type=restricted|unrestricted,seed=S`
/// (keys in any order, each at most once); two-way: `cluster=A+B` (or the variance estimator's two clusters) with
/// `bootcluster=A` or `B`, the dimension whose clusters get the weights (by default the one with fewer clusters). Defaults: the cluster of the variance estimator, 9,999 draws, Webb
/// weights (recommended by Webb 2014 and MacKinnon and Webb 2018 for fewer than about 12-15 clusters, where
/// Rademacher weights allow only 2^G distinct draws), the restricted bootstrap (WCR: the null imposed, Cameron,
/// Gelbach and Miller 2008's recommendation) and seed 20171203.
public struct WildBootstrapSpec: Hashable, Sendable {
    /// The distribution of the cluster weights `v_g` (all have mean 0 and variance 1).
    public enum Weights: String, Hashable, Sendable, CaseIterable {
        /// -1 or +1, each with probability 1/2. With G clusters there are only 2^G distinct draws: when
        /// `2^G <= reps` every one of them is used once (full enumeration, deterministic, as boottest does).
        case rademacher
        /// Webb's six-point distribution: -sqrt(3/2), -1, -sqrt(1/2), sqrt(1/2), 1, sqrt(3/2), each 1/6.
        case webb
        /// Mammen's two-point distribution: -(sqrt 5 - 1)/2 with probability (sqrt 5 + 1)/(2 sqrt 5), else
        /// (sqrt 5 + 1)/2 (third moment 1).
        case mammen
        /// Standard normal (Box-Muller).
        case normal
    }

    /// Whether the bootstrap data are generated with the null hypothesis imposed.
    public enum BootstrapType: String, Hashable, Sendable, CaseIterable {
        /// WCR: residuals of the model estimated under the null (the default; better size with few clusters).
        case restricted
        /// WCU: residuals of the unrestricted model; the bootstrap statistics are centred on the estimate.
        case unrestricted
    }

    /// The cluster variable the weights are drawn by, or two, `A+B`, for the two-way bootstrap; nil: the cluster
    /// variables of the variance estimator.
    public var cluster: String?
    /// Two-way: the dimension whose clusters get the weights (nil: the one with fewer clusters in the sample).
    public var bootcluster: String? = nil
    /// The number of draws asked for (at least `minimumReps`).
    public var reps: Int
    /// The weights' distribution.
    public var weights: Weights
    /// Restricted (null imposed) or unrestricted.
    public var type: BootstrapType
    /// The seed of the draws (`WildBootstrapRandom`).
    public var seed: UInt64

    /// The fewest draws accepted: 99 (below that a 5 % test has too coarse a p-value; MacKinnon 2006 advises
    /// B such that 0.05 (B + 1) is a whole number, e.g. 999 or 9,999).
    public static let minimumReps = 99
    /// The most draws accepted: 10^7.
    public static let maximumReps = 10_000_000
    /// The default seed.
    public static let defaultSeed: UInt64 = 20_171_203

    /// A bootstrap: by default 9,999 Webb draws, restricted, seed 20171203, clustered as the variance estimator.
    public init(cluster: String? = nil, reps: Int = 9_999, weights: Weights = .webb, type: BootstrapType = .restricted,
                seed: UInt64 = WildBootstrapSpec.defaultSeed) {
        self.cluster = cluster
        self.reps = reps
        self.weights = weights
        self.type = type
        self.seed = seed
    }

    /// Parses `wild` or `wild:KEY=VALUE,...` as a user writes it (keywords case-insensitive, blanks ignored
    /// around keys and values).
    /// - Throws: `InputError` keyed `bootstrap` naming the key and what was expected (an unknown key, weight type
    ///   or type, reps below 99 or above 10^7, a seed that is not a whole number from 0 to 2^64 - 1, a key twice).
    public init(parsing text: String) throws {
        let t = text.strippingBlanks()
        let lower = t.lowercased()
        self.init()
        if lower == "wild" { return }
        guard lower.hasPrefix("wild:") else {
            throw InputError(key: "bootstrap", "expected wild or wild:cluster=V,reps=N,weights=webb|rademacher|mammen|normal,type=restricted|unrestricted,seed=S, found '\(text)'")
        }
        var seen: Set<String> = []
        for item in t.dropFirst(5).split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).strippingBlanks().lowercased()
            guard parts.count == 2 else {
                throw InputError(key: "bootstrap", "expected KEY=VALUE (keys cluster, bootcluster, reps, weights, type, seed), found '\(item)' in '\(text)'")
            }
            let value = String(parts[1]).strippingBlanks()
            guard !seen.contains(key) else { throw InputError(key: "bootstrap", "\(key) is given twice in '\(text)'") }
            seen.insert(key)
            switch key {
            case "cluster":
                guard !value.isEmpty else { throw InputError(key: "bootstrap", "cluster= needs a variable name, in '\(text)'") }
                cluster = value
            case "bootcluster":
                guard !value.isEmpty, !value.contains("+") else {
                    throw InputError(key: "bootstrap", "bootcluster= needs one of the cluster variables, in '\(text)'")
                }
                bootcluster = value
            case "reps":
                guard let n = Int(value) else {
                    throw InputError(key: "bootstrap", "reps= takes a whole number of draws (at least \(Self.minimumReps)), found '\(value)'")
                }
                guard n >= Self.minimumReps else {
                    throw InputError(key: "bootstrap", "reps=\(n) is too few: give at least \(Self.minimumReps) draws (999 or 9999 are usual)")
                }
                guard n <= Self.maximumReps else {
                    throw InputError(key: "bootstrap", "reps=\(n) is more than the \(Self.maximumReps) draws accepted")
                }
                reps = n
            case "weights":
                guard let w = Weights(rawValue: value.lowercased()) else {
                    throw InputError(key: "bootstrap", "unknown weight type weights=\(value): expected webb, rademacher, mammen or normal")
                }
                weights = w
            case "type":
                guard let b = BootstrapType(rawValue: value.lowercased()) else {
                    throw InputError(key: "bootstrap", "unknown bootstrap type type=\(value): expected restricted or unrestricted")
                }
                type = b
            case "seed":
                guard let s = UInt64(value) else {
                    throw InputError(key: "bootstrap", "seed= takes a whole number from 0 to \(UInt64.max), found '\(value)'")
                }
                seed = s
            default:
                throw InputError(key: "bootstrap", "unknown key '\(key)' in '\(text)': expected cluster, bootcluster, reps, weights, type or seed")
            }
        }
    }

    /// The canonical text, every key written: `wild:cluster=industry,reps=9999,weights=webb,type=restricted,seed=1`
    /// (without `cluster=` when it is left to the variance estimator, `bootcluster=` only when set). `init(parsing:)` reads it back.
    public var name: String {
        var parts: [String] = []
        if let cluster { parts.append("cluster=\(cluster)") }
        if let bootcluster { parts.append("bootcluster=\(bootcluster)") }
        parts += ["reps=\(reps)", "weights=\(weights.rawValue)", "type=\(type.rawValue)", "seed=\(seed)"]
        return "wild:" + parts.joined(separator: ",")
    }
}

extension WildBootstrapSpec: CanonicalTextCodable {
    /// Reads the canonical text (`init(parsing:)`).
    public init(canonicalText: String) throws { try self.init(parsing: canonicalText) }
}

/// The random numbers of the wild bootstrap: xoshiro256** (Blackman and Vigna 2018, "Scrambled linear
/// pseudorandom number generators"), its 256-bit state filled from the 64-bit seed by SplitMix64 (Steele, Lea and
/// Flood 2014), as the authors recommend. Documented exactly so that another implementation can reproduce the
/// draws (the Python reference `Tests/EconometricsTests/References/wild_bootstrap.py` does):
///
///     splitmix64: s += 0x9E3779B97F4A7C15; z = s; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
///                 z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31)
///     xoshiro256**: result = rotl(s1 * 5, 7) * 9; t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
///                   s2 ^= t; s3 = rotl(s3, 45)
///
/// A uniform on [0, 1) is `(x >> 11) * 2^-53`. The weights of draw b (b = 0, 1, ...) for clusters g = 0..G-1 (in
/// the order of the cluster factor's codes) are taken one after another from one stream: Rademacher `+1` when the
/// top bit of x is set, else `-1`; Webb the point `floor(6 u)` of (-sqrt(3/2), -1, -sqrt(1/2), sqrt(1/2), 1,
/// sqrt(3/2)); Mammen `-(sqrt 5 - 1)/2` when `u < (sqrt 5 + 1)/(2 sqrt 5)`, else `(sqrt 5 + 1)/2`; normal
/// `sqrt(-2 log(1 - u1)) cos(2 pi u2)` from two consecutive uniforms. The whole G x B matrix is drawn before any
/// statistic is computed, so the draws (and every result) do not depend on how many threads compute them.
public struct WildBootstrapRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inline(__always) public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform number in [0, 1): the top 53 bits times 2^-53.
    @inline(__always) public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Webb's six points in the order `floor(6 u)` indexes them.
    static let webbPoints: [Double] = [-(1.5).squareRoot(), -1, -(0.5).squareRoot(), (0.5).squareRoot(), 1, (1.5).squareRoot()]

    /// One weight of the given distribution.
    @inline(__always) public mutating func weight(_ kind: WildBootstrapSpec.Weights) -> Double {
        switch kind {
        case .rademacher: return next() >> 63 == 1 ? 1 : -1
        case .webb: return Self.webbPoints[min(5, Int(uniform() * 6))]
        case .mammen:
            let r5 = (5.0).squareRoot()
            return uniform() < (r5 + 1) / (2 * r5) ? -(r5 - 1) / 2 : (r5 + 1) / 2
        case .normal:
            let u1 = uniform(), u2 = uniform()
            return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

    /// The weights of `draws` draws for `clusters` clusters, draw by draw (`[b * clusters + g]`).
    public static func weightMatrix(seed: UInt64, kind: WildBootstrapSpec.Weights, draws: Int, clusters: Int) -> [Double] {
        var rng = WildBootstrapRandom(seed: seed)
        var out = [Double](repeating: 0, count: draws * clusters)
        for i in 0..<out.count { out[i] = rng.weight(kind) }
        return out
    }

    /// Every one of the 2^G Rademacher draws once (full enumeration), in the order of Python's
    /// `itertools.product([-1, 1], repeat=G)`: in draw b, cluster g has `+1` when bit `G - 1 - g` of b is set.
    public static func enumeration(clusters: Int) -> [Double] {
        let draws = 1 << clusters
        var out = [Double](repeating: 0, count: draws * clusters)
        for b in 0..<draws { for g in 0..<clusters { out[b * clusters + g] = (b >> (clusters - 1 - g)) & 1 == 1 ? 1 : -1 } }
        return out
    }
}

extension WildBootstrapRandom {
    /// The draws of `spec` on `clusters` bootstrap clusters: every Rademacher draw once when there are no more than
    /// `spec.reps` of them (`enumerated`), else `spec.reps` seeded draws; the weights one draw after another.
    static func draws(_ spec: WildBootstrapSpec, clusters G: Int) -> (weights: [Double], draws: Int, enumerated: Bool) {
        let enumerated = spec.weights == .rademacher && G < 40 && (1 << G) <= spec.reps
        let draws = enumerated ? 1 << G : spec.reps
        let v = enumerated ? enumeration(clusters: G) : weightMatrix(seed: spec.seed, kind: spec.weights, draws: draws, clusters: G)
        return (v, draws, enumerated)
    }
}

