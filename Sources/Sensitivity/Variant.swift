import DataIO
import Offshoring

/// One variant of the grid: a grouping, period, denominator, broad or narrow offshoring, sample, estimator and
/// standard errors. Every model of the run is estimated in every variant.
public struct Variant: Sendable, Equatable {
    /// Place in the grid's cartesian product (0 is the baseline).
    public var position: Int
    /// Stable id: the first 16 hex digits of the SHA-256 of the settings (with the grouping's content), so that
    /// resumes, shards and merges line up whatever the order or the machine.
    public var id: String
    /// Index of the grouping in the run's grouping list.
    public var groupingIndex: Int
    /// The grouping's label.
    public var grouping: String
    /// `model` or a period such as `1995-2004`.
    public var period: String
    /// The offshoring denominator.
    public var denominator: Denominator
    /// Narrow (true) or broad offshoring.
    public var narrow: Bool
    /// `model`, `all` or an aggregate.
    public var sample: String
    /// `model`, `unweighted`, `fgls` or `iterated`.
    public var estimator: String
    /// `model` or a vcov spec.
    public var vcov: String

    /// The settings as `key=value` pairs, in column order.
    public var settings: [(key: String, value: String)] {
        [("grouping", grouping), ("period", period), ("denominator", denominator.rawValue),
         ("offshoring", narrow ? "narrow" : "broad"), ("sample", sample), ("estimator", estimator), ("vcov", vcov)]
    }

    /// The settings that differ from `baseline`, e.g. `denominator=output, vcov=iid` (or `baseline`).
    public func difference(from baseline: Variant) -> String {
        let d = zip(settings, baseline.settings).filter { $0.0.value != $0.1.value }.map { "\($0.0.key)=\($0.0.value)" }
        return d.isEmpty ? "baseline" : d.joined(separator: ", ")
    }

    /// The id of a variant with these settings and grouping fingerprint.
    public static func makeID(grouping: NamedGrouping, period: String, denominator: Denominator, narrow: Bool, sample: String,
                              estimator: String, vcov: String) -> String {
        let text = "offshore-sensitivity-v1|grouping=\(grouping.label)#\(grouping.fingerprint)|period=\(period)|denominator=\(denominator.rawValue)"
            + "|offshoring=\(narrow ? "narrow" : "broad")|sample=\(sample)|estimator=\(estimator)|vcov=\(vcov)"
        return String(SHA256.hexDigest(of: Array(text.utf8)).prefix(16))
    }

    /// The shard (0-based, of `count`) this variant belongs to: its id as a number modulo `count`.
    public func shard(of count: Int) -> Int {
        guard count > 1, let x = UInt64(id, radix: 16) else { return 0 }
        return Int(x % UInt64(count))
    }
}

/// The cartesian product of a grid's settings.
public enum VariantSpace {
    /// Every variant, groupings outermost and standard errors innermost, in the order of each list.
    public static func expand(grid: SensitivityGrid, groupings: [NamedGrouping]) -> [Variant] {
        var out: [Variant] = []
        for (gi, g) in groupings.enumerated() {
            for p in grid.periods {
                for d in grid.denominators {
                    for n in grid.narrow {
                        for s in grid.samples {
                            for e in grid.estimators {
                                for v in grid.vcov {
                                    let id = Variant.makeID(grouping: g, period: p, denominator: d, narrow: n, sample: s, estimator: e, vcov: v)
                                    out.append(Variant(position: out.count, id: id, groupingIndex: gi, grouping: g.label, period: p,
                                                       denominator: d, narrow: n, sample: s, estimator: e, vcov: v))
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// `--shard i/n`: the i-th (1-based) of n disjoint slices of the variants, by variant id.
public struct Shard: Equatable, Sendable {
    /// 1-based index.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// Every variant.
    public static let all = Shard(index: 1, count: 1)

    /// A shard; `index` in 1...count.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` (1 <= i <= n).
    public init(parsing s: String) throws {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
            throw InputError(key: "--shard", "expected i/n with 1 <= i <= n (e.g. 2/8), found '\(s)'")
        }
        self.init(index: i, count: n)
    }

    /// True when `variant` belongs to this shard.
    public func contains(_ variant: Variant) -> Bool { variant.shard(of: count) == index - 1 }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }
}
