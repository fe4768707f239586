import Foundation
import Econometrics

/// One column of a publication regression table: a model (or one equation of a system) as the table shows it,
/// with its title, the standard-error type in the table's language and the sample in words. The numbers come
/// from the model's `ModelRecord` (`columns(_:...)`; adapters for `RegressionResult` and `SURFit` go through
/// it) or from a saved run.
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
    /// Adapter: one column per equation of a fitted model's record (one for a single equation; a system's
    /// equations each titled by their name, unless `title` is given for a single equation).
    /// - Parameters:
    ///   - title: the column's title for a single equation (empty for a number).
    ///   - dependents: the dependent variable shown for each equation (default: the record's responses).
    ///   - sample: the sample in words, for the table's sample row.
    ///   - language: the language of the standard-error type.
    public static func columns(_ m: ModelRecord, title: String = "", dependents: [String] = [], sample: String = "",
                               language: Language = .en) -> [ModelSummary] {
        // With a wild cluster bootstrap the stars are its p-values' (the standard errors stay the variance
        // estimator's); the standard-errors line says so.
        let bootNote = m.bootstrap.map { "; stars: wild bootstrap (\($0.spec.type == .restricted ? "WCR" : "WCU"), \($0.spec.weights.rawValue))" } ?? ""
        let standardErrors = (m.vcov.map { describeVcov($0, language) } ?? m.model) + bootNote
        return m.equations.enumerated().map { k, eq in
            let coefs = eq.terms.map {
                Coefficient(term: $0.name, estimate: $0.estimate, standardError: $0.standardError, pValue: $0.bootstrap?.pValue ?? $0.pValue,
                            degreesOfFreedom: $0.degreesOfFreedom > 0 ? $0.degreesOfFreedom : .infinity)
            }
            return ModelSummary(title: eq.name ?? title, dependent: k < dependents.count ? dependents[k] : eq.response,
                                coefficients: coefs, observations: eq.observations, r2: eq.r2, adjustedR2: eq.adjustedR2,
                                withinR2: eq.withinR2, fixedEffects: eq.fixedEffects.map(\.name),
                                standardErrorType: standardErrors, sample: sample)
        }
    }

    /// Adapter: a single-equation result (OLS, 2SLS, first differences, between) of `offshore regress`.
    /// - Parameters:
    ///   - title: the column's title (empty for a number).
    ///   - sample: the sample in words, for the table's sample row.
    ///   - language: the language of the standard-error type.
    public init(_ r: RegressionResult, title: String = "", sample: String = "", language: Language = .en) {
        let record = ModelRecord(r)
        self = ModelSummary.columns(record, title: title, sample: sample, language: language).first
            ?? ModelSummary(title: title, dependent: r.responseName, coefficients: [])
    }

    /// Adapter: one column per equation of a SUR system (`offshore sur`); each equation's name is its title
    /// and, unless `dependents` names them, its dependent variable.
    public static func columns(_ fit: SURFit, dependents: [String] = [], sample: String = "", language: Language = .en) -> [ModelSummary] {
        columns(ModelRecord(fit, rows: 0, droppedRows: 0), dependents: dependents, sample: sample, language: language)
    }

    /// A short description of a variance estimator (`IID`, `HC1`, `Clustered (firm & year)`,
    /// `Clustered (firm, CR0)`), its cluster variables written by `variable` (e.g. their labels).
    public static func describeVcov(_ v: VarianceEstimator, _ language: Language,
                                    variable: (String) -> String = { $0 }) -> String {
        switch v {
        case .iid: return "IID"
        case .heteroskedastic(let kind): return kind.rawValue.uppercased()
        case .clustered(let vars, let correction):
            let names = vars.map(variable).joined(separator: " & ")
            return correction == .cr1 ? "\(language(.clustered)) (\(names))" : "\(language(.clustered)) (\(names), \(correction.rawValue.uppercased()))"
        case .driscollKraay(let lags): return "Driscoll-Kraay" + (lags.map { " (L = \($0))" } ?? "")
        }
    }

    /// `describeVcov(_:_:variable:)` of a variance estimator's canonical text (`VarianceEstimator.name`,
    /// `report.json`'s `vcov`); text that is not one is returned as it is.
    public static func describeVcov(_ name: String, _ language: Language) -> String {
        guard let v = try? VarianceEstimator(name: name) else { return name }
        return describeVcov(v, language)
    }
}
