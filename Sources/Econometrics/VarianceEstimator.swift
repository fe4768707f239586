import DataIO

/// How the coefficients' covariance is estimated: the `--vcov` of `offshore regress`, the `vcov` of a model in
/// an `estimate` config and each entry of a sensitivity grid's `vcov` list.
///
/// Text is parsed into this value once, where it is read (`init(parsing:)`, with an `InputError` keyed `vcov`
/// that the caller places at its option or config line); from there on the value travels typed, and every
/// output writes it through `name` (its canonical text, which `init(name:)` reads back to the same value:
/// `report.json`, sensitivity rows, resolved configs) or a label built from it (publication tables). The conventions of an
/// estimate (K, G, degrees of freedom) depend on the data and are stated by the fit itself
/// (`RegressionResult.vcovDescription`).
///
/// Adding an estimator (issue 17: HC0/HC2/HC3, CR2, CR3, Driscoll-Kraay) means a case or a kind here, its
/// spelling in `init(parsing:)` and `name`, and its computation in `computeVcov`; the compiler then points at
/// every `switch` that must learn it.
public enum VarianceEstimator: Hashable, Sendable {
    /// Homoskedastic: `s^2 (X'X)^{-1}`, `s^2 = RSS / (N - K)`. Written `iid`.
    case iid
    /// Heteroskedasticity-robust (White's sandwich) with a small-sample kind. Written `hc0`, `hc1`, `hc2`, `hc3`.
    case heteroskedastic(HCType)
    /// Cluster-robust by one variable, or two (Cameron, Gelbach and Miller's two-way `V1 + V2 - V12`), with a
    /// small-sample correction. Written `cluster:VAR` or `cluster:VAR1+VAR2` (CR1, reghdfe's K),
    /// `cluster:VAR;ssc=fixest` (CR1, fixest's K), `cluster0:...` (CR0), `cr2:VAR` (CR2, one variable),
    /// `cr3:VAR` (CR3, one variable).
    case clustered([String], CRType)
    /// Driscoll and Kraay (1998) for panels with common shocks: the scores summed per time period (the
    /// panel's time variable), Newey-West with Bartlett weights over `lags` periods (nil: plm's `vcovSCC`
    /// default `floor(T^(1/4))`). Written `dk` or `dk:LAGS`.
    case driscollKraay(lags: Int?)

    /// The kinds of heteroskedasticity-robust sandwich (MacKinnon and White 1985's numbering).
    public enum HCType: String, Hashable, Sendable, CaseIterable {
        /// White's sandwich without correction.
        case hc0
        /// The sandwich times `N / (N - K)` (Stata's `robust`, fixest's `hetero`).
        case hc1
        /// Squared residuals over `1 - h_i` (h the leverage).
        case hc2
        /// Squared residuals over `(1 - h_i)^2` (close to the jackknife).
        case hc3
    }

    /// The small-sample corrections of a cluster-robust sandwich (Cameron and Miller 2015's numbering).
    public enum CRType: String, Hashable, Sendable, CaseIterable {
        /// No correction.
        case cr0
        /// `G/(G-1) * (N-1)/(N-K)`, with G the smaller number of clusters, and K counting the fixed effects'
        /// parameters less those of the effects nested in the clusters, removed as a group (reghdfe's and
        /// linearmodels' convention; the default, written `cluster:VAR`).
        case cr1
        /// CR1 with fixest's K (`ssc(fixef.K = "nested")`, fixest's default): every effect nested in a cluster
        /// variable keeps one parameter, so K is one larger per nested effect than `cr1`'s when another effect
        /// is not nested (see `FixedEffectsAbsorber.degreesOfFreedom(notNestedIn:convention:)`). Written
        /// `cluster:VAR;ssc=fixest`.
        case cr1Fixest = "cr1-fixest"
        /// Bell and McCaffrey's bias-reduced linearization, `A_g = (I - H_gg)^{-1/2}`, with per-coefficient
        /// Satterthwaite degrees of freedom (clubSandwich's CR2 with `test = "Satterthwaite"`). One variable.
        case cr2
        /// The cluster jackknife, `A_g = (I - H_gg)^{-1}` (clubSandwich's CR3; sandwich's `vcovCL(type = "HC3",
        /// cadjust = FALSE)`). One variable.
        case cr3
    }

    /// HC1, the heteroskedasticity-robust sandwich with `N / (N - K)`.
    public static let hc1 = VarianceEstimator.heteroskedastic(.hc1)

    /// Clustered by `variables` (one or two), CR1 when `smallSample` is true, CR0 otherwise.
    public static func cluster(_ variables: [String], smallSample: Bool) -> VarianceEstimator {
        .clustered(variables, smallSample ? .cr1 : .cr0)
    }

    /// Parses the text a user writes: `iid` (or `standard`), `hc0`, `hc1` (or `hetero`, `robust`), `hc2`, `hc3`,
    /// `cluster:VAR` or `cluster:VAR1+VAR2` (CR1), `cr2:VAR`, `cr3:VAR`, `dk` or `dk:LAGS`. A clustered CR1
    /// takes a small-sample convention for K after a semicolon: `cluster:VAR;ssc=reghdfe` (the default, the same
    /// as `cluster:VAR`) or `cluster:VAR;ssc=fixest` (fixest's `fixef.K = "nested"`). Keywords are
    /// case-insensitive; blanks around the text and the variables are ignored.
    /// - Throws: `InputError` keyed `vcov` that quotes the text and says what was expected.
    public init(parsing text: String) throws {
        let t = text.strippingBlanks()
        switch t.lowercased() {
        case "iid", "standard": self = .iid; return
        case "hc1", "hetero", "robust": self = .hc1; return
        case "hc0": self = .heteroskedastic(.hc0); return
        case "hc2": self = .heteroskedastic(.hc2); return
        case "hc3": self = .heteroskedastic(.hc3); return
        case "dk": self = .driscollKraay(lags: nil); return
        default: break
        }
        let lower = t.lowercased()
        if lower.hasPrefix("cluster:") {
            var list = t.dropFirst("cluster:".count)
            var kind = CRType.cr1
            if let semicolon = list.firstIndex(of: ";") {
                let option = String(list[list.index(after: semicolon)...]).strippingBlanks().lowercased()
                    .replacingOccurrences(of: " ", with: "")
                switch option {
                case "ssc=reghdfe": kind = .cr1
                case "ssc=fixest": kind = .cr1Fixest
                default:
                    throw InputError(key: "vcov", "expected ssc=reghdfe or ssc=fixest after the semicolon of '\(text)' (the small-sample convention for K: reghdfe's, the default, or fixest's fixef.K = \"nested\")")
                }
                list = list[..<semicolon]
            }
            self = .clustered(try Self.clusterVariables(list, text: text), kind)
            return
        }
        for kind in [CRType.cr2, .cr3] where lower.hasPrefix(kind.rawValue + ":") {
            let vars = try Self.clusterVariables(t.dropFirst(4), text: text)
            guard vars.count == 1 else {
                throw InputError(key: "vcov", "\(kind.rawValue.uppercased()) clusters by one variable (\(kind.rawValue):VAR), found '\(text)'")
            }
            self = .clustered(vars, kind)
            return
        }
        if lower.hasPrefix("dk:") {
            let lagText = String(t.dropFirst(3)).strippingBlanks()
            guard let lags = Int(lagText), lags >= 0, lags <= 10_000 else {
                throw InputError(key: "vcov", "dk:LAGS takes a whole number of lags from 0 to 10000, found '\(text)'")
            }
            self = .driscollKraay(lags: lags)
            return
        }
        throw InputError(key: "vcov", "expected iid, hc1, cluster:VAR or cluster:VAR1+VAR2, found '\(text)' (also accepted: hc0, hc2, hc3, cr2:VAR, cr3:VAR, dk, dk:LAGS)")
    }

    /// Parses a canonical text as `name` writes it: what `init(parsing:)` reads, and `cluster0:VAR...` for CR0
    /// (which only the library asks for). Used to read saved files and literals back.
    public init(name: String) throws {
        let t = name.strippingBlanks()
        if t.lowercased().hasPrefix("cluster0:") {
            self = .clustered(try Self.clusterVariables(t.dropFirst("cluster0:".count), text: name), .cr0)
        } else {
            try self.init(parsing: name)
        }
    }

    /// The one or two variables of `cluster:A+B`, blanks around them removed.
    private static func clusterVariables(_ list: Substring, text: String) throws -> [String] {
        let vars = list.split(separator: "+", omittingEmptySubsequences: false).map { String($0).strippingBlanks() }
        guard !vars.isEmpty, vars.count <= 2, !vars.contains(where: \.isEmpty) else {
            throw InputError(key: "vcov", "expected cluster:VAR or cluster:VAR1+VAR2, found '\(text)'")
        }
        return vars
    }

    /// The canonical text: `iid`, `hc0`...`hc3`, `cluster:firm`, `cluster:firm+year`, `cluster0:firm` (CR0),
    /// `cluster:firm;ssc=fixest` (CR1 with fixest's K), `cr2:firm`, `cr3:firm`, `dk`, `dk:3`. It reads back to this value through `init(name:)`; outputs and
    /// saved files write it.
    public var name: String {
        switch self {
        case .iid: return "iid"
        case .heteroskedastic(let kind): return kind.rawValue
        case .clustered(let vars, let correction):
            let prefix: String
            switch correction {
            case .cr0: prefix = "cluster0:"
            case .cr1, .cr1Fixest: prefix = "cluster:"
            case .cr2, .cr3: prefix = correction.rawValue + ":"
            }
            return prefix + vars.joined(separator: "+") + (correction == .cr1Fixest ? ";ssc=fixest" : "")
        case .driscollKraay(let lags): return lags.map { "dk:\($0)" } ?? "dk"
        }
    }

    /// True for Driscoll-Kraay, which needs the panel's time variable.
    public var needsPanelTime: Bool {
        if case .driscollKraay = self { return true }
        return false
    }

    /// The convention for fixed effects nested in the clusters in CR1's K: fixest's for
    /// `cluster:VAR;ssc=fixest`, reghdfe's otherwise (only CR1 has a K).
    public var nestedEffectsConvention: NestedEffectsConvention {
        if case .clustered(_, .cr1Fixest) = self { return .fixest }
        return .reghdfe
    }

    /// The variables clustered on (empty unless clustered).
    public var clusterVariables: [String] {
        if case .clustered(let v, _) = self { return v }
        return []
    }
}

extension VarianceEstimator: CustomStringConvertible {
    /// The canonical text, `name`.
    public var description: String { name }
}

extension VarianceEstimator: CanonicalTextCodable {
    /// Reads the canonical text (`init(name:)`).
    public init(canonicalText: String) throws { try self.init(name: canonicalText) }
}

extension VarianceEstimator: ExpressibleByStringLiteral {
    /// A variance estimator written in source code, e.g. `"cluster:industry"` in a model preset or a test.
    /// It is read as a canonical text (`init(name:)`). Text from users goes through `init(parsing:)`, which
    /// throws; a literal that does not parse is a programming error and stops the program, naming it.
    public init(stringLiteral text: String) {
        do {
            self = try VarianceEstimator(name: text)
        } catch {
            preconditionFailure("invalid variance estimator literal \"\(text)\": \(error)")
        }
    }
}
