import DataIO

/// Combinations a grid leaves out by construction (`[[exclude]]` in the grid file): models that cannot be estimated
/// under some settings, e.g. narrow offshoring with the IV and SUR models (narrow os is zero in manufacturing, so
/// they are unidentified). An excluded model is not run in the matching variants and is not a failure; the run's
/// summary says how many model runs the grid left out, and why.
///
/// ```toml
/// [[exclude]]
/// offshoring = ["narrow"]
/// models = ["production_iv", "skill_system"]
/// reason = "narrow os is zero in manufacturing: the IV and SUR models are unidentified"
/// ```
public struct GridExclusion: Equatable, Sendable {
    /// The settings matched, by the key of `Variant.settings` (`period`, `denominator`, `offshoring`, `sample`,
    /// `estimator`, `vcov`, `inference`) and the values as the grid writes them; a variant matches when each listed key has one
    /// of its values.
    public var settings: [String: Set<String>]
    /// The models left out in matching variants.
    public var models: Set<String>
    /// Why, in words, for the run's summary.
    public var reason: String

    /// The grid keys an exclusion may match on, by the grid's own list names (`[grid]`), and the variant setting key
    /// each stands for.
    public static let keys: [(grid: String, setting: String)] = [
        ("periods", "period"), ("denominators", "denominator"), ("offshoring", "offshoring"), ("samples", "sample"),
        ("estimators", "estimator"), ("vcov", "vcov"), ("inference", "inference"),
    ]

    /// An exclusion.
    public init(settings: [String: Set<String>], models: Set<String>, reason: String) {
        self.settings = settings
        self.models = models
        self.reason = reason
    }

    /// True when `model` is left out of `variant`.
    public func excludes(_ model: String, in variant: Variant) -> Bool { excludes(model, settings: variant.settings) }

    /// True when `model` is left out of a variant with `settings` (as `Variant.settings`).
    func excludes(_ model: String, settings variant: [(key: String, value: String)]) -> Bool {
        guard models.contains(model) else { return false }
        for (key, value) in variant {
            // A value-chain measure rides in the offshoring setting (`broad:vs`), the energy products in the denominator
            // (`nonenergy:without_mining`): `broad` and `nonenergy` match them too.
            let plain = key == "offshoring" || key == "denominator" ? String(value.prefix { $0 != ":" }) : value
            if let wanted = settings[key], !wanted.contains(value) && !wanted.contains(plain) { return false }
        }
        return true
    }

    /// Reads one `[[exclude]]` table.
    /// - Throws: `InputError` naming the key and its line for an unknown key, a missing `models` or `reason`, or no
    ///   setting to match.
    static func read(_ s: TOMLSection) throws -> GridExclusion {
        try s.rejectUnknownKeys(allowed: keys.map(\.grid) + ["models", "reason"])
        var settings: [String: Set<String>] = [:]
        for (grid, setting) in keys {
            if let values = try s.strings(grid) {
                guard !values.isEmpty else { throw s.error(grid, "expected at least one value") }
                settings[setting] = Set(values)
            }
        }
        guard !settings.isEmpty else {
            throw s.error("models", "an [[exclude]] needs at least one setting to match (\(keys.map(\.grid).joined(separator: ", ")))")
        }
        guard let models = try s.strings("models"), !models.isEmpty else { throw s.error("models", "an [[exclude]] needs the models it leaves out") }
        guard let reason = try s.string("reason"), !reason.isEmpty else {
            throw s.error("reason", "an [[exclude]] needs a reason (it is printed with the run's summary)")
        }
        return GridExclusion(settings: settings, models: Set(models), reason: reason)
    }
}

extension SensitivityGrid {
    /// How many model runs of the grid's variants (for `models`) its exclusions leave out, each exclusion with its
    /// count (a model left out by two exclusions counts for the first); `groupings` is the number of groupings.
    public func leftOut(models: [String], groupings: Int) -> [(exclusion: GridExclusion, runs: Int)] {
        guard !exclusions.isEmpty else { return [] }
        var counts = Array(repeating: 0, count: exclusions.count)
        // Exclusions do not match on the grouping: count the other settings' combinations once, times the groupings.
        for p in periods { for (d, en) in denominatorChoices { for n in narrow { for mm in measures { for cp in prices { for s in samples { for e in estimators { for v in vcov { for i in inference {
            let settings = [("period", p.text), ("denominator", Variant.denominatorText(d, energy: en)),
                            ("offshoring", Variant.offshoringText(narrow: n, measure: mm, constantPrices: cp)),
                            ("sample", s.text), ("estimator", e.text), ("vcov", v.text), ("inference", i.text)].map { (key: $0.0, value: $0.1) }
            for m in models {
                if let k = exclusions.firstIndex(where: { $0.excludes(m, settings: settings) }) { counts[k] += max(groupings, 1) }
            }
        } } } } } } } } }
        return zip(exclusions, counts).map { ($0, $1) }
    }
}
