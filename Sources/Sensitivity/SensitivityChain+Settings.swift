import Econometrics
import IOTables
import OffshoringModels

extension SensitivityChain {
    /// The model as a variant runs it: the variant's period, sample, estimator and (single equations) standard
    /// errors where it sets them, the model's own where it does not.
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
        // The results database records the variance estimator's t and p (columns std_error..p_value), and the
        // shared-measures path (ModelPlan) runs no bootstrap: estimate's default bootstrap for few clusters is
        // off here, so both paths give the same rows at the same cost (a bootstrap grid value is not offered yet).
        s.automaticBootstrap = false
        return s
    }

    /// What identifies a model's estimation within one measure set: the model and every setting a variant can
    /// change (two variants that differ only in a setting the model ignores, such as the SE type of a system,
    /// run the same estimation).
    static func settingsKey(_ mi: Int, _ spec: ModelSpec) -> String {
        let period = spec.period.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all"
        let vcov = spec.kind == .single ? spec.vcov.name : ""
        return "\(mi)\u{1F}\(period)\u{1F}\(spec.sample)\u{1F}\(spec.weights ?? "")\u{1F}\(spec.iterate)\u{1F}\(vcov)"
    }

    /// What identifies a variant's measures: the grouping's groups, regions and aliases, the denominator and
    /// narrow/broad.
    static func measureKey(_ v: Variant, _ grouping: Grouping) -> String {
        var k = "\(v.denominator.rawValue)\u{1F}\(v.narrow)"
        for g in grouping.groups { k += "\u{1F}" + g.name + ":" + g.regions.joined(separator: ",") }
        for (a, b) in grouping.aliases.sorted(by: { $0.key < $1.key }) { k += "\u{1F}" + a + "=" + b }
        return k
    }
}
