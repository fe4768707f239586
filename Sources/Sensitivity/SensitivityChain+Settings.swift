import Econometrics
import IOTables
import OffshoringModels

extension SensitivityChain {
    /// The model as a variant runs it: the variant's period, sample, estimator and (single equations) standard
    /// errors and inference where it sets them, the model's own where it does not.
    public static func spec(_ model: ModelSpec, in v: Variant) throws -> ModelSpec {
        var s = model
        if let period = v.period.value { s.period = period }
        if let sample = v.sample.value { s.sample = sample }
        switch (v.estimator.value, s.kind) {
        case (.unweighted?, .single): s.weights = nil
        case (.fgls?, .system): s.iterate = false
        case (.iterated?, .system): s.iterate = true
        default: break
        }
        if let vcov = v.vcov.value, s.kind == .single { s.vcov = vcov }
        // Inference: the grid's (`analytic` drops the model's own bootstrap; `wild` sets one), else the model's own
        // bootstrap when its config gives one. estimate's automatic bootstrap for few clusters is off: a grid says
        // where it wants one (`inference = ["model", "wild"]`), so the default grid's cost stays that of its fits.
        // A grid's wild bootstrap applies where the wild bootstrap of OLS does (the levels estimator, no IV part;
        // differenced variables d(x) included): the first-difference and between estimators and 2SLS keep their
        // variance estimator's p-values there (boot_p_value NULL), rather than failing in every wild variant.
        switch v.inference.value {
        case .analytic?: s.bootstrap = nil
        case .wild(let b)?:
            if s.kind == .single && s.estimator == .levels && !((try? Formula(s.formula))?.isIV ?? true) { s.bootstrap = b }
        case nil: break
        }
        if s.kind != .single { s.bootstrap = nil }
        s.automaticBootstrap = false
        return s
    }

    /// What identifies a model's estimation within one measure set: the model and every setting a variant can
    /// change (two variants that differ only in a setting the model ignores, such as the SE type of a system,
    /// run the same estimation).
    static func settingsKey(_ mi: Int, _ spec: ModelSpec) -> String {
        let period = spec.period.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all"
        let vcov = spec.kind == .single ? spec.vcov.name : ""
        let boot = spec.bootstrap?.name ?? ""
        return "\(mi)\u{1F}\(period)\u{1F}\(spec.sample)\u{1F}\(spec.weights ?? "")\u{1F}\(spec.iterate)\u{1F}\(vcov)\u{1F}\(boot)"
    }

    /// What identifies a variant's measures: the grouping's groups, regions and aliases, the denominator and
    /// narrow/broad, and the measure the `om` terms read.
    static func measureKey(_ v: Variant, _ grouping: Grouping) -> String {
        var k = "\(Variant.denominatorText(v.denominator, energy: v.energy))\u{1F}\(v.narrow)\u{1F}\(v.measure)" + (v.constantPrices ? "\u{1F}constant" : "")
        for g in grouping.groups { k += "\u{1F}" + g.name + ":" + g.regions.joined(separator: ",") }
        for (a, b) in grouping.aliases.sorted(by: { $0.key < $1.key }) { k += "\u{1F}" + a + "=" + b }
        return k
    }
}
