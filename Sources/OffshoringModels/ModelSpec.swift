import Econometrics
import Offshoring

/// One model to estimate: a single equation (OLS/2SLS with fixed effects, levels or first differences), a
/// system of share equations (iterated SUR with linear restrictions) or a dynamic panel estimated by GMM
/// (difference or system GMM, `estimator = "gmm"` in a config), on a sample of industries and years.
public struct ModelSpec: Equatable {
    /// The two kinds of model.
    public enum Kind: String, Equatable {
        /// One fixest formula, estimated by `regress`.
        case single
        /// Several equations estimated jointly by SUR (fixed effects partialled out of every equation first).
        case system
        /// One dynamic equation estimated by difference or system GMM (`PanelGMM`; `formula` in the syntax of
        /// `offshore regress --model gmm`, `gmmOptions` how).
        case gmm
    }

    /// The model's name (tables, file names, CSV `model` column).
    public var name: String
    /// The preset it started from, if any.
    public var preset: String?
    /// Single equation or system.
    public var kind: Kind
    /// The fixest formula (single equations).
    public var formula: String
    /// The equations' formulas (systems), each `S ~ x1 + x2 | fe1 + fe2`; the response names the equation.
    public var equations: [String]
    /// Linear restrictions of a system in coefficient names `EQUATION:term`.
    public var restrictions: [String]
    /// Iterate SUR to convergence (systems).
    public var iterate: Bool
    /// Panel transformation of a single equation: `ols` (levels/within) or `fd` (first differences).
    public var estimator: PanelModel
    /// Industries: `all`, or the name of an aggregate of the classification (e.g. `manufacturing`).
    public var sample: String
    /// First and last year of the sample; nil for every year of the panel.
    public var period: ClosedRange<Int>?
    /// Standard errors of a single equation (`iid`, `hc1`, `cluster:industry`, ...); a system's are the GLS
    /// covariance and this stays `iid`.
    public var vcov: VarianceEstimator
    /// Analytic weights variable (e.g. `wbshare`), or nil.
    public var weights: String?
    /// A wild cluster bootstrap to run beside the fit (single equations; `bootstrap = "wild:..."` in a config), or
    /// nil: then `automaticBootstrap` decides.
    public var bootstrap: WildBootstrapSpec? = nil
    /// When `bootstrap` is nil: run `ModelSpec.defaultBootstrap` if the model is clustered one way on fewer than
    /// `ModelSpec.bootstrapClusterThreshold` clusters (levels OLS; not available for 2SLS). True by default;
    /// `bootstrap = "none"` in a config turns it off.
    public var automaticBootstrap: Bool = true
    /// The model's own denominator of om and os (`denominator` in a config), nil for the panel's (`[data]`).
    public var denominator: Denominator? = nil
    /// The model's own broad (false) or narrow (true) offshoring (`offshoring` in a config), nil for the panel's
    /// (broad). Narrow: only the using industry's own product counts.
    public var narrow: Bool? = nil
    /// The model's offshoring at constant (true) or current (false) prices (`prices` in a config), nil for the panel's
    /// (current). Constant: every product's imported and domestic use divided by its index in `[data] prices`.
    public var constantPrices: Bool? = nil
    /// The residual covariance of a system (`sur_covariance` in a config): `.observations` ("T", the default:
    /// divisor T, the absorbed fixed effects counted nowhere, as before) or `.geometricMean` ("geomean": divisor
    /// sqrt((T-k_i-a)(T-k_j-a)) and t degrees of freedom counting the a parameters the fixed effects absorb, as
    /// systemfit's "geomean" with the dummies written out; standard errors larger by about sqrt(T/(T-k-a))).
    public var surCovariance: SURCovarianceDivisor = .observations
    /// How a GMM model (`kind == .gmm`) is estimated: difference or system GMM, one or two steps, collapsed
    /// instruments, pgmm's or xtabond2's convention (config keys `gmm`, `steps`, `collapse`, `gmm_convention`).
    public var gmmOptions = PanelGMMOptions(steps: 2, collapse: true, transformation: .system, convention: .pgmm)
    /// Whether the model runs.
    public var enabled: Bool

    /// A single-equation model.
    public init(name: String, preset: String? = nil, formula: String, estimator: PanelModel = .levels,
                sample: String = "all", period: ClosedRange<Int>? = nil, vcov: VarianceEstimator = .cluster(["industry"], smallSample: true),
                weights: String? = nil, enabled: Bool = true) {
        self.name = name
        self.preset = preset
        self.kind = .single
        self.formula = formula
        self.equations = []
        self.restrictions = []
        self.iterate = true
        self.estimator = estimator
        self.sample = sample
        self.period = period
        self.vcov = vcov
        self.weights = weights
        self.enabled = enabled
    }

    /// A system model.
    public init(name: String, preset: String? = nil, equations: [String], restrictions: [String], iterate: Bool = true,
                sample: String = "all", period: ClosedRange<Int>? = nil, enabled: Bool = true) {
        self.name = name
        self.preset = preset
        self.kind = .system
        self.formula = ""
        self.equations = equations
        self.restrictions = restrictions
        self.iterate = iterate
        self.estimator = .levels
        self.sample = sample
        self.period = period
        self.vcov = .iid
        self.weights = nil
        self.enabled = enabled
    }

    /// The bootstrap `offshore estimate` runs by default on a model clustered on few clusters: the restricted wild
    /// cluster bootstrap (WCR, the null imposed) with Webb weights, 9,999 draws, seed 20171203, chosen from the
    /// size study (Reports/benchmarks/size-study.md): on the skill-share design with 14 clusters it rejects a
    /// true null closest to 5 % of the variants studied, where CR1 with t(G-1) rejects 10-22 %.
    public static let defaultBootstrap = WildBootstrapSpec(reps: 9_999, weights: .webb, type: .restricted, seed: WildBootstrapSpec.defaultSeed)

    /// Below this many clusters a clustered model gets `defaultBootstrap` (Cameron and Miller 2015 put the
    /// danger zone for cluster-robust t tests below 20-50 clusters; the same threshold as the tables' warning).
    public static let bootstrapClusterThreshold = 30

    /// The sample in words, e.g. `manufacturing, 1995-2004` (with the model's own measures when it sets them:
    /// `manufacturing, 1995-2003, om and os as % of gross output`).
    public var sampleDescription: String {
        let p = period.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? "all years"
        var measures: [String] = []
        if narrow == true { measures.append("narrow") }
        if let denominator { measures.append("om and os as " + denominator.description) } else if narrow == true || constantPrices == true { measures.append("om and os") }
        if constantPrices == true { measures.append("at constant prices") }
        return "\(sample == "all" ? "all industries" : sample), \(p)" + (measures.isEmpty ? "" : ", " + measures.joined(separator: " "))
    }
}

/// The model presets of `offshore estimate` (METHOD.md section 2; samples as in the reference study).
///
/// Formulas use the panel variables of `PanelBuilder` (Y, K, L, M, w, w_l, w_m, w_h, S_l, S_m, om, os,
/// om_GROUP, os_GROUP, om_sup, os_sup, om_bwd, os_bwd, om_fwd, os_fwd, ict, wbshare, empshare, industry, year; and in
/// every model's sample om_narrow, os_narrow, om_fh, os_fh). `l(x, 1)` is the lag within the
/// sample, so lag and IV models lose the sample's first year. First-difference presets are written with
/// `d()` and year effects, since absorbed effects cannot be combined with the `fd` estimator.
public enum ModelPresets {
    /// The skill-share regressors: relative wages (homogeneity by writing them relative to w_h), capital
    /// intensity, materials offshoring by origin group, services offshoring, ICT intensity and om x ICT.
    public static let skillRegressors = "log(w_l/w_h) + log(w_m/w_h) + log(K/Y) + om_OECD + om_CEE + om_ASIA + os + ict + I(om*ict)"

    /// Every preset, in the order the bundled config lists them.
    public static let all: [ModelSpec] = [
        ModelSpec(name: "production", preset: "production",
                  formula: "log(Y) ~ log(K) + log(L) + log(M) + om + os | industry + year",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "production_groups", preset: "production_groups",
                  formula: "log(Y) ~ log(K) + log(L) + log(M) + om_OECD + om_CEE + om_ASIA + os_OECD + os_CEE + os_ASIA | industry + year",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "production_fd", preset: "production_fd",
                  formula: "d(log(Y)) ~ d(log(K)) + d(log(L)) + d(log(M)) + d(om) + d(os) | year",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "productivity", preset: "productivity",
                  formula: "log(Y/L) ~ log(K/L) + log(M/L) + om + os | industry + year",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "production_lag", preset: "production_lag",
                  formula: "log(Y) ~ log(K) + log(L) + log(M) + l(om, 1) + l(os, 1) | industry + year",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "production_iv", preset: "production_iv",
                  formula: "log(Y) ~ log(K) + log(L) + log(M) | industry + year | om + os ~ l(om, 1) + l(os, 1)",
                  sample: "manufacturing", period: 1995...2004),
        ModelSpec(name: "production_spillover", preset: "production_spillover",
                  formula: "log(Y) ~ log(K) + log(L) + log(M) + om + os + om_bwd + os_bwd + om_fwd + os_fwd | industry + year",
                  sample: "manufacturing", period: 1995...2004, enabled: false),
        ModelSpec(name: "labour_demand", preset: "labour_demand",
                  formula: "log(L) ~ log(w) + log(Y) + om + os | industry + year",
                  sample: "all", period: 1995...2003),
        ModelSpec(name: "labour_demand_fd", preset: "labour_demand_fd",
                  formula: "d(log(L)) ~ d(log(w)) + d(log(Y)) + d(om) + d(os) | year",
                  sample: "all", period: 1995...2003),
        ModelSpec(name: "skill_share", preset: "skill_share",
                  formula: "S_l ~ \(skillRegressors) | industry + year",
                  sample: "manufacturing", period: 1995...2007, weights: "wbshare"),
        ModelSpec(name: "skill_system", preset: "skill_system",
                  equations: ["S_l ~ \(skillRegressors) | industry + year",
                              "S_m ~ \(skillRegressors) | industry + year"],
                  restrictions: ["S_l:log(w_m/w_h) = S_m:log(w_l/w_h)"],
                  sample: "manufacturing", period: 1995...2007),
    ]

    /// The presets faithful to each of the three studies (issue 20), beside `all` (which the built-in defaults run):
    /// - labour demand, Michel and Rycx (2012): static, offshoring as a share of gross output, materials and services
    ///   offshoring by origin group, manufacturing and market services estimated separately, 1995-2003;
    /// - productivity, Michel and Rycx (2014): labour productivity with capital and materials per hour, om and os,
    ///   manufacturing and market services separately, 1995-2004;
    /// - low-skilled share, Hertveldt and Michel (2013): the translog SUR system of the low- and medium-skilled shares
    ///   of hours (employment; the wage-bill system `skill_system` is the alternative), symmetry imposed,
    ///   manufacturing 1995-2007.
    public static let studies: [ModelSpec] = {
        let groups = "om_OECD + om_CEE + om_ASIA + os_OECD + os_CEE + os_ASIA"
        func labour(_ name: String, _ sample: String) -> ModelSpec {
            var m = ModelSpec(name: name, preset: name, formula: "log(L) ~ log(w) + log(Y) + \(groups) | industry + year",
                              sample: sample, period: 1995...2003)
            m.denominator = .output
            return m
        }
        func productivity(_ name: String, _ sample: String) -> ModelSpec {
            ModelSpec(name: name, preset: name, formula: "log(Y/L) ~ log(K/L) + log(M/L) + om + os | industry + year",
                      sample: sample, period: 1995...2004)
        }
        let hours = skillRegressors
        return [
            labour("labour_demand_mr2012_manufacturing", "manufacturing"),
            labour("labour_demand_mr2012_services", "market_services"),
            productivity("productivity_mr2014_manufacturing", "manufacturing"),
            productivity("productivity_mr2014_services", "market_services"),
            hoursShareSystem(hours),
        ]
    }()

    /// Hertveldt and Michel's (2013) translog SUR system of the low- and medium-skilled hours shares. Its residual
    /// covariance counts the absorbed industry and year effects (`sur_covariance = "geomean"`): with the plain divisor
    /// T its 95 % intervals covered the truth in 0.918 of 1,000 simulated draws, with the correction 0.948
    /// (PresetCoverageTests).
    private static func hoursShareSystem(_ hours: String) -> ModelSpec {
        var spec = ModelSpec(name: "skill_system_hm2013", preset: "skill_system_hm2013",
                             equations: ["E_l ~ \(hours) | industry + year", "E_m ~ \(hours) | industry + year"],
                             restrictions: ["E_l:log(w_m/w_h) = E_m:log(w_l/w_h)"], sample: "manufacturing", period: 1995...2007)
        spec.surCovariance = .geometricMean
        return spec
    }

    /// The preset called `name` (of `all` or `studies`), or nil.
    public static func named(_ name: String) -> ModelSpec? { (all + studies).first { $0.name == name } }
}
