import DataIO
import Econometrics
import IOTables
import Offshoring

/// A value a variant can set for every model, read from a grid's text: a period, a sample, an estimator, a
/// variance estimator.
public protocol VariantSettingValue: Hashable, Sendable {
    /// Parses the text a grid file holds (never `model`, which the setting itself reads).
    /// - Throws: `InputError` whose message says what was expected (the grid adds the key and its line).
    init(settingText text: String) throws
}

/// One setting of a variant: each model's own (`model`) or one value for every model.
///
/// The value is parsed once, when the grid is read, and travels typed from there (`value`, nil for each model's
/// own); the text it was written as travels with it (`text`), and it is that text that the results database, its
/// CSV export and the variant's id record, so a grid gives the same ids and rows whatever the spelling's
/// canonical form. A literal in source code (`"hc1"`, `"1995-2004"`, `"model"`) is read as a grid's text.
public struct VariantSetting<Value: VariantSettingValue>: Hashable, Sendable, CustomStringConvertible {
    /// The text of each model's own setting.
    public static var modelText: String { "model" }

    /// The value for every model; nil for each model's own.
    public let value: Value?
    /// The text as written in the grid (`model` for each model's own).
    public let text: String

    /// Each model's own setting.
    public static var model: VariantSetting { VariantSetting(uncheckedValue: nil, text: modelText) }

    /// Parses a grid's text: `model`, or a value (`Value.init(settingText:)`).
    /// - Throws: the value's `InputError` when the text is neither.
    public init(parsing text: String) throws {
        self.init(uncheckedValue: text == Self.modelText ? nil : try Value(settingText: text), text: text)
    }

    private init(uncheckedValue: Value?, text: String) {
        self.value = uncheckedValue
        self.text = text
    }

    /// The text, as written.
    public var description: String { text }
}

extension VariantSetting: ExpressibleByStringLiteral {
    /// A setting written in source code (a grid built in code, a test), read as a grid's text; a literal that does
    /// not parse is a programming error and stops the program, naming it.
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            preconditionFailure("invalid variant setting literal \"\(text)\": \(error)")
        }
    }
}

/// A variant's period: each model's own or a range of years.
public typealias PeriodSetting = VariantSetting<ClosedRange<Int>>
/// A variant's sample: each model's own, `all` or an aggregate.
public typealias SampleSetting = VariantSetting<String>
/// A variant's estimator: each model's own, `unweighted`, `fgls` or `iterated`.
public typealias EstimatorSetting = VariantSetting<EstimatorVariant>
/// A variant's standard errors for single equations: each model's own or a variance estimator.
public typealias VcovSetting = VariantSetting<VarianceEstimator>
/// A variant's inference for single equations: each model's own, the variance estimator's t test, or a wild
/// cluster bootstrap.
public typealias InferenceSetting = VariantSetting<InferenceVariant>
/// A variant's energy products (the grid's `energy`): the config's own (`model`), `with_mining` or `without_mining`.
public typealias EnergySetting = VariantSetting<EnergyProducts>

/// Which products count as energy in a grid (`energy = ["with_mining", "without_mining"]`): only the `nonenergy`
/// denominator depends on it.
extension EnergyProducts: VariantSettingValue {
    /// Parses `with_mining` or `without_mining`.
    /// - Throws: `InputError` keyed `energy` naming both.
    public init(settingText text: String) throws { try self.init(parsing: text, key: "energy") }
}

/// How a variant tests the coefficients of single equations (the grid's `inference`).
///
/// `analytic` (also written `cr1`, what it is with the clustered standard errors of the default models): the
/// p-values of the variant's variance estimator (t or normal). `wild` or `wild:KEY=VALUE,...`
/// (`WildBootstrapSpec`): the wild cluster bootstrap, clustered like the variant's standard errors unless
/// `cluster=` says otherwise; its p-value is stored beside the variance estimator's (`boot_p_value`) and is the
/// one the stability summary uses. A grid's bootstrap takes `sensitivityReps` (999) draws unless it gives `reps=`,
/// so that a grid of many variants stays affordable; the seed is the bootstrap's default unless `seed=` is given,
/// and every result row records the bootstrap it used with its seed (`bootstrap_used`).
public enum InferenceVariant: VariantSettingValue {
    /// The variance estimator's p-values.
    case analytic
    /// A wild cluster bootstrap's p-values.
    case wild(WildBootstrapSpec)

    /// The draws of a grid's bootstrap that does not say `reps=`: 999 (a 5 % test on B = 999 is exact in the sense
    /// of MacKinnon 2006, 0.05 (B + 1) whole, and costs a tenth of `offshore estimate`'s 9,999).
    public static let sensitivityReps = 999

    /// Parses `analytic`, `cr1`, `wild` or `wild:KEY=VALUE,...`.
    /// - Throws: `InputError` keyed `inference` saying what was expected, or the bootstrap's own message.
    public init(settingText text: String) throws {
        let lower = text.lowercased()
        if lower == "analytic" || lower == "cr1" { self = .analytic; return }
        guard lower == "wild" || lower.hasPrefix("wild:") else {
            throw InputError(key: "inference", "expected model, analytic (or cr1), wild or wild:KEY=VALUE,... (as --bootstrap), found '\(text)'")
        }
        var spec = try WildBootstrapSpec(parsing: text)
        // Keys are matched as the parser reads them (case-insensitive, blanks ignored).
        let keys = lower.dropFirst(5).split(separator: ",").map { $0.split(separator: "=").first.map { String($0.filter { !$0.isWhitespace }) } ?? "" }
        if !keys.contains("reps") { spec.reps = Self.sensitivityReps }
        self = .wild(spec)
    }

    /// The bootstrap, or nil for analytic inference.
    public var bootstrap: WildBootstrapSpec? {
        if case .wild(let b) = self { return b }
        return nil
    }
}

/// A period of a grid: `1995-2004`.
extension ClosedRange: VariantSettingValue where Bound == Int {
    /// Parses `1995-2004`.
    /// - Throws: `InputError` saying a range such as 1995-2004 was expected.
    public init(settingText text: String) throws {
        guard let r = try? periodRange(text) else {
            throw InputError(key: "periods", "expected model or a range such as 1995-2004, found '\(text)'")
        }
        self = r
    }
}

/// A sample of a grid: `all` or an aggregate of the classification (checked against it by
/// `SensitivityChain.validate`).
extension String: VariantSettingValue {
    /// The text itself.
    public init(settingText text: String) { self = text }
}

/// Standard errors of a grid's single equations: a variance estimator (`iid`, `hc1`, `cluster:industry`, ...).
extension VarianceEstimator: VariantSettingValue {
    /// Parses a variance estimator as a user writes it (`VarianceEstimator.init(parsing:)`).
    public init(settingText text: String) throws { try self.init(parsing: text) }
}

/// How a variant changes the models' estimator.
public enum EstimatorVariant: String, VariantSettingValue, CaseIterable {
    /// Single equations without their analytic weights.
    case unweighted
    /// Systems by one-step feasible GLS.
    case fgls
    /// Systems by iterated SUR.
    case iterated

    /// Parses `unweighted`, `fgls` or `iterated`.
    /// - Throws: `InputError` listing the estimators a grid accepts.
    public init(settingText text: String) throws {
        guard let e = EstimatorVariant(rawValue: text) else {
            throw InputError(key: "estimators", "expected one of \(SensitivityGrid.estimatorNames.joined(separator: ", ")), found '\(text)'")
        }
        self = e
    }
}

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
    /// Each model's own period, or a period such as `1995-2004`.
    public var period: PeriodSetting
    /// The offshoring denominator.
    public var denominator: Denominator
    /// Narrow (true) or broad offshoring.
    public var narrow: Bool
    /// Each model's own sample, `all` or an aggregate.
    public var sample: SampleSetting
    /// Each model's own estimator, or `unweighted`, `fgls` or `iterated`.
    public var estimator: EstimatorSetting
    /// Each model's own standard errors, or a variance estimator for every single equation.
    public var vcov: VcovSetting
    /// Each model's own inference, the variance estimator's, or a wild cluster bootstrap for every single equation.
    public var inference: InferenceSetting = .model
    /// The measure the models' `om` terms read: `om` (the panel's own) or a value-chain measure (`vs`, ...) whose
    /// columns replace `om` and `om_<GROUP>` (the grid's `measure`).
    public var measure: String = SensitivityGrid.ownMeasure
    /// Which products count as energy (the grid's `energy`): each model's own (`model`, the config's) or a choice; only
    /// the `nonenergy` denominator depends on it, so variants with another denominator keep `model`.
    public var energy: EnergySetting = .model
    /// At constant prices (the grid's `prices = "constant"`): the measures from every product's use divided by its
    /// price index.
    public var constantPrices: Bool = false

    /// The settings as `key=value` pairs, in column order, each value as the grid wrote it. The measure travels in
    /// the `offshoring` setting, after a colon when it is not `om` (`broad:vs`: broad os, vs in place of om), so the
    /// results database keeps its columns and a grid without `measure` its rows.
    public var settings: [(key: String, value: String)] {
        [("grouping", grouping), ("period", period.text), ("denominator", Self.denominatorText(denominator, energy: energy)),
         ("offshoring", Self.offshoringText(narrow: narrow, measure: measure, constantPrices: constantPrices)), ("sample", sample.text),
         ("estimator", estimator.text), ("vcov", vcov.text), ("inference", inference.text)]
    }

    /// The `denominator` setting's text: the denominator, then `:<energy>` when the grid chooses the energy products
    /// (`nonenergy:without_mining`), so the results database keeps its columns and a grid without `energy` its rows.
    public static func denominatorText(_ denominator: Denominator, energy: EnergySetting) -> String {
        denominator.rawValue + (energy.value == nil ? "" : ":" + energy.text)
    }

    /// The `offshoring` setting's text: `broad` or `narrow`, then `:<measure>` when the measure is not `om`, then
    /// `:constant` at constant prices (`broad:constant`; current prices add nothing, so grids without `prices` keep
    /// their rows).
    public static func offshoringText(narrow: Bool, measure: String, constantPrices: Bool = false) -> String {
        (narrow ? "narrow" : "broad") + (measure == SensitivityGrid.ownMeasure ? "" : ":" + measure) + (constantPrices ? ":constant" : "")
    }

    /// The settings that differ from `baseline`, e.g. `denominator=output, vcov=iid` (or `baseline`).
    public func difference(from baseline: Variant) -> String {
        let d = zip(settings, baseline.settings).filter { $0.0.value != $0.1.value }.map { "\($0.0.key)=\($0.0.value)" }
        return d.isEmpty ? "baseline" : d.joined(separator: ", ")
    }

    /// The id of a variant with these settings and grouping fingerprint (the settings by their text). Each model's
    /// own inference (`model`, the default) adds nothing to the text, so grids without `inference` keep their ids;
    /// nor does the measure `om` (the default), so grids without `measure` keep theirs, nor the config's own energy
    /// products (`model`), so grids without `energy` keep theirs.
    public static func makeID(grouping: NamedGrouping, period: PeriodSetting, denominator: Denominator, narrow: Bool,
                              sample: SampleSetting, estimator: EstimatorSetting,
                              vcov: VcovSetting, inference: InferenceSetting = .model, measure: String = SensitivityGrid.ownMeasure,
                              energy: EnergySetting = .model, constantPrices: Bool = false) -> String {
        let text = "offshore-sensitivity-v1|grouping=\(grouping.label)#\(grouping.fingerprint)|period=\(period.text)|denominator=\(denominator.rawValue)"
            + "|offshoring=\(narrow ? "narrow" : "broad")|sample=\(sample.text)|estimator=\(estimator.text)|vcov=\(vcov.text)"
            + (inference.value == nil ? "" : "|inference=\(inference.text)")
            + (measure == SensitivityGrid.ownMeasure ? "" : "|measure=\(measure)")
            + (energy.value == nil ? "" : "|energy=\(energy.text)")
            + (constantPrices ? "|prices=constant" : "")
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
    /// Every variant, groupings outermost and inference innermost (the measure right after broad/narrow, the energy
    /// products with the nonenergy denominator: `SensitivityGrid.denominatorChoices`), in the order of each list.
    public static func expand(grid: SensitivityGrid, groupings: [NamedGrouping]) -> [Variant] {
        var out: [Variant] = []
        for (gi, g) in groupings.enumerated() {
            for p in grid.periods {
                for (d, en) in grid.denominatorChoices {
                    for n in grid.narrow {
                        for m in grid.measures { for cp in grid.prices {
                            for s in grid.samples {
                                for e in grid.estimators {
                                    for v in grid.vcov {
                                        for i in grid.inference {
                                            let id = Variant.makeID(grouping: g, period: p, denominator: d, narrow: n, sample: s, estimator: e,
                                                                    vcov: v, inference: i, measure: m, energy: en, constantPrices: cp)
                                            var variant = Variant(position: out.count, id: id, groupingIndex: gi, grouping: g.label, period: p,
                                                                  denominator: d, narrow: n, sample: s, estimator: e, vcov: v, inference: i,
                                                                  measure: m, energy: en)
                                            variant.constantPrices = cp
                                            out.append(variant)
                                        }
                                    }
                                }
                            }
                        } }
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
