import Foundation
import Econometrics

/// One estimated model as a regression table needs it, whatever estimator produced it: coefficients with
/// standard errors and p-values, fit statistics, fixed effects, the variance estimator and the sample.
/// Adapters build it from `RegressionResult` (OLS, 2SLS, ...) and `SURFit` (one per equation).
public struct ModelSummary: Equatable {
    /// One coefficient.
    public struct Coefficient: Equatable {
        /// The term's name as estimated (`value`, `(Intercept)`, `log(K)`).
        public var term: String
        /// The estimate.
        public var estimate: Double
        /// Its standard error.
        public var standardError: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// Degrees of freedom of its t test (infinity for a normal reference), for confidence intervals.
        public var degreesOfFreedom: Double

        /// A coefficient.
        public init(term: String, estimate: Double, standardError: Double, pValue: Double, degreesOfFreedom: Double = .infinity) {
            self.term = term
            self.estimate = estimate
            self.standardError = standardError
            self.pValue = pValue
            self.degreesOfFreedom = degreesOfFreedom
        }

        /// The t statistic, estimate / standard error.
        public var tValue: Double { estimate / standardError }
    }

    /// The column's title (a name such as "FE", or empty for the default "(1)", "(2)", ...).
    public var title: String
    /// The dependent variable's name.
    public var dependent: String
    /// Coefficients in estimation order.
    public var coefficients: [Coefficient]
    /// Observations used.
    public var observations: Int?
    /// R squared.
    public var r2: Double?
    /// Adjusted R squared.
    public var adjustedR2: Double?
    /// Within R squared (models with fixed effects).
    public var withinR2: Double?
    /// Names of the fixed effects absorbed.
    public var fixedEffects: [String]
    /// The variance estimator in short words (`IID`, `HC1`, `Clustered (firm)`).
    public var standardErrorType: String
    /// The sample, in words (e.g. `1995-2007, manufacturing`), or empty.
    public var sample: String
    /// The years of the sample (e.g. `1995-2004`), shown in a row of its own under the sample, or empty.
    public var period: String = ""

    /// A summary from its parts.
    public init(title: String = "", dependent: String, coefficients: [Coefficient], observations: Int? = nil, r2: Double? = nil,
                adjustedR2: Double? = nil, withinR2: Double? = nil, fixedEffects: [String] = [],
                standardErrorType: String = "", sample: String = "") {
        self.title = title
        self.dependent = dependent
        self.coefficients = coefficients
        self.observations = observations
        self.r2 = r2
        self.adjustedR2 = adjustedR2
        self.withinR2 = withinR2
        self.fixedEffects = fixedEffects
        self.standardErrorType = standardErrorType
        self.sample = sample
    }

    /// The coefficient of `term`, if the model has it.
    public func coefficient(_ term: String) -> Coefficient? { coefficients.first { $0.term == term } }
}

extension ModelSummary {
    /// Adapter: a single-equation result (OLS, 2SLS, first differences, between) of `offshore regress`.
    /// - Parameters:
    ///   - title: the column's title (empty for a number).
    ///   - sample: the sample in words, for the table's sample row.
    ///   - language: the language of the standard-error type.
    public init(_ r: RegressionResult, title: String = "", sample: String = "", language: Language = .en) {
        let df = r.tDegreesOfFreedom > 0 ? r.tDegreesOfFreedom : .infinity
        let coefs = r.terms.indices.map { i in
            Coefficient(term: r.terms[i], estimate: r.estimates[i], standardError: r.standardErrors[i],
                        pValue: r.pValues[i], degreesOfFreedom: df)
        }
        self.init(title: title, dependent: r.responseName, coefficients: coefs, observations: r.nobs, r2: r.r2,
                  adjustedR2: r.adjustedR2, withinR2: r.withinR2, fixedEffects: r.fixedEffects.map(\.name),
                  standardErrorType: ModelSummary.describeVcov(r.vcovName, language), sample: sample)
    }

    /// Adapter: one column per equation of a SUR system (`offshore sur`); each equation's name is its title
    /// and, unless `dependents` names them, its dependent variable.
    public static func columns(_ fit: SURFit, dependents: [String] = [], sample: String = "", language: Language = .en) -> [ModelSummary] {
        let kind = fit.options.iterate ? "SUR (iterated)" : "SUR (FGLS)"
        return fit.equations.enumerated().map { k, eq in
            let coefs = fit.coefficients.filter { $0.equation == eq.name }.map {
                Coefficient(term: $0.term, estimate: $0.estimate, standardError: $0.stdError, pValue: $0.pValue,
                            degreesOfFreedom: Double($0.degreesOfFreedom))
            }
            return ModelSummary(title: eq.name, dependent: k < dependents.count ? dependents[k] : eq.name, coefficients: coefs,
                                observations: eq.observations, r2: eq.r2, standardErrorType: kind, sample: sample)
        }
    }

    /// A short description of a variance estimator from its name in `RegressionResult.vcovName`.
    public static func describeVcov(_ name: String, _ language: Language) -> String {
        switch name {
        case "iid": return "IID"
        case "hc1": return "HC1"
        default:
            if let colon = name.firstIndex(of: ":") {
                let kind = name[..<colon], vars = name[name.index(after: colon)...].replacingOccurrences(of: "+", with: " & ")
                let word = language(.clustered)
                return kind == "cluster0" ? "\(word) (\(vars), CR0)" : "\(word) (\(vars))"
            }
            return name
        }
    }
}
