import DataIO
import Linalg

/// One equation of a seemingly-unrelated-regressions system, at the matrix level: its name, response
/// and regressors (one column per term, the intercept included as a column of ones if wanted).
public struct SUREquation {
    /// The equation's name (used in coefficient names `NAME:term`).
    public var name: String
    /// The response, one value per observation (the same T observations in every equation).
    public var response: [Double]
    /// The regressors, T x k.
    public var regressors: Matrix
    /// The term names, one per column of `regressors` (e.g. `(Intercept)`, `value`).
    public var termNames: [String]

    /// An equation from its parts; shapes are checked when the system is estimated.
    public init(name: String, response: [Double], regressors: Matrix, termNames: [String]) {
        self.name = name
        self.response = response
        self.regressors = regressors
        self.termNames = termNames
    }
}

/// The divisor of the residual covariance `Sigma_ij = e_i'e_j / d_ij` used in feasible GLS.
public enum SURCovarianceDivisor: String, CaseIterable, Codable, Sendable {
    /// `d_ij = T`, the number of observations: Zellner's and Theil's choice, systemfit's `"noDfCor"`.
    /// The default; it reproduces Theil's (1971) Grunfeld GE/Westinghouse figures.
    case observations = "T"
    /// `d_ij = sqrt((T - k_i)(T - k_j))`, systemfit's `"geomean"` (its own default), with `k_i` the
    /// number of regressors of equation i.
    case geometricMean = "geomean"

    /// The divisor as a formula, for outputs: `T` or `sqrt((T-k_i)(T-k_j))`.
    public var formula: String {
        self == .observations ? "T" : "sqrt((T-k_i)(T-k_j))"
    }
}

/// Settings of the SUR estimator.
public struct SUROptions {
    /// Iterate FGLS (re-estimating the residual covariance from the GLS residuals) until the coefficients
    /// converge; this converges to the maximum-likelihood estimator under normality.
    public var iterate: Bool
    /// Convergence tolerance on `||b_new - b_old|| / ||b_old||` (Euclidean norms), as systemfit.
    public var tolerance: Double
    /// Largest number of GLS steps when iterating.
    public var maxIterations: Int
    /// Divisor of the residual covariance.
    public var divisor: SURCovarianceDivisor
    /// Parameters partialled out of every equation before the fit (fixed effects absorbed: `a` levels less the
    /// redundant ones), 0 when none. Counted as systemfit counts the dummies when they are written out: in the
    /// `geomean` divisor, `sqrt((T-k_i-a)(T-k_j-a))`, and in the degrees of freedom of the t tests,
    /// `T - k_i - a` per equation and `M*T - (K - r) - M*a` for the system. The divisor `T` does not use it.
    public var absorbedParameters: Int

    /// Options with the defaults: one FGLS step, tolerance 1e-10, at most 1000 steps, divisor T, nothing absorbed.
    public init(iterate: Bool = false, tolerance: Double = 1e-10, maxIterations: Int = 1000,
                divisor: SURCovarianceDivisor = .observations, absorbedParameters: Int = 0) {
        self.iterate = iterate
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.divisor = divisor
        self.absorbedParameters = absorbedParameters
    }

    /// The divisor as a formula, for outputs: `T`, `sqrt((T-k_i)(T-k_j))`, or with `a` absorbed parameters
    /// `sqrt((T-k_i-a)(T-k_j-a)), a = 26`.
    public var divisorFormula: String {
        guard divisor == .geometricMean, absorbedParameters > 0 else { return divisor.formula }
        return "sqrt((T-k_i-a)(T-k_j-a)), a = \(absorbedParameters) absorbed"
    }
}

/// One estimated coefficient of a system.
public struct SURCoefficient: Equatable {
    /// The equation's name.
    public let equation: String
    /// The term's name within its equation.
    public let term: String
    /// The estimate.
    public let estimate: Double
    /// Standard error, from the GLS covariance.
    public let stdError: Double
    /// Degrees of freedom of the t-test: `T - k_i` without restrictions, the system's `M*T - (K - r)` with.
    public let degreesOfFreedom: Int

    /// `estimate / stdError` (see `ModelRecord.Term.tStatistic`).
    public var tValue: Double { ModelRecord.Term.tStatistic(estimate: estimate, standardError: stdError) }
    /// Two-sided p-value from Student's t with `degreesOfFreedom` (systemfit's convention).
    public var pValue: Double { studentTwoSidedPValue(tValue, df: Double(degreesOfFreedom)) }

    /// `EQUATION:term`, the name used in restrictions and in output.
    public var name: String { "\(equation):\(term)" }
}

/// Per-equation summary of a fitted system.
public struct SUREquationSummary: Equatable {
    /// The equation's name.
    public let name: String
    /// The term names of the equation.
    public let termNames: [String]
    /// Number of observations (the same in every equation).
    public let observations: Int
    /// Residual sum of squares at the SUR estimates.
    public let ssr: Double
    /// `1 - SSR / sum((y - mean(y))^2)`, at the SUR estimates (centred, as systemfit).
    public let r2: Double
    /// Residuals at the SUR estimates.
    public let residuals: [Double]
}

/// A fitted SUR system (Zellner's feasible GLS, optionally iterated), with linear restrictions imposed
/// exactly in every GLS step.
///
/// Steps: (1) OLS, equation by equation, or restricted OLS on the stacked system when there are
/// restrictions (systemfit's choice); (2) the residual covariance `Sigma` from those residuals with the
/// chosen divisor; (3) GLS with `Sigma^{-1} (x) I_T`, restricted GLS by the bordered (KKT) system
/// `[X'WX R'; R 0][b; l] = [X'Wy; q]`, whose inverse's leading block is the coefficients' covariance;
/// (4) when iterating, back to (2) with the GLS residuals until the relative change of the coefficients
/// falls below the tolerance. Regressors are scaled to unit norm internally for accuracy.
public struct SURFit {
    /// Coefficients in system order (equation by equation, terms in their order).
    public let coefficients: [SURCoefficient]
    /// Covariance matrix of all coefficients (K x K), `(X' (Sigma^{-1} (x) I) X)^{-1}` or its restricted form.
    public let covariance: Matrix
    /// Per-equation summaries, in equation order.
    public let equations: [SUREquationSummary]
    /// The residual covariance used in the last GLS step (M x M), with the chosen divisor.
    public let residualCovariance: Matrix
    /// Number of GLS steps (1 without iteration).
    public let iterations: Int
    /// Whether the iteration converged (always true without iteration).
    public let converged: Bool
    /// The restrictions imposed (possibly none).
    public let restrictions: LinearRestrictions?
    /// Degrees of freedom of the system: `M*T - (K - r)`.
    public let systemDegreesOfFreedom: Int
    /// The options used.
    public let options: SUROptions

    /// The residual correlation matrix derived from `residualCovariance`.
    public var residualCorrelation: Matrix {
        let m = residualCovariance.rows
        var c = residualCovariance
        for i in 0..<m {
            for j in 0..<m {
                c[i, j] = residualCovariance[i, j] / (residualCovariance[i, i] * residualCovariance[j, j]).squareRoot()
            }
        }
        return c
    }

    /// The names `EQUATION:term` of all coefficients, in system order.
    public var coefficientNames: [String] { coefficients.map(\.name) }

    /// Estimates the system.
    /// - Parameters:
    ///   - equations: the equations, all with the same number of observations T.
    ///   - restrictions: optional text restrictions (see `LinearRestrictions`) on coefficients `EQUATION:term`.
    ///   - options: iteration and covariance settings.
    /// - Throws: `InputError` for shapes, non-finite data, collinear terms, redundant or contradictory
    ///   restrictions, or a singular residual covariance.
    public init(equations: [SUREquation], restrictions restrictionTexts: [String] = [], options: SUROptions = SUROptions()) throws {
        let names = SURSystem.coefficientNames(equations)
        let restrictions: LinearRestrictions? = restrictionTexts.isEmpty ? nil
            : try LinearRestrictions.parse(restrictionTexts, coefficientNames: names)
        try self.init(equations: equations, restrictions: restrictions, options: options)
    }

    /// Estimates the system with restrictions given as `R b = q` over the coefficients in system order.
    public init(equations: [SUREquation], restrictions: LinearRestrictions?, options: SUROptions = SUROptions()) throws {
        let system = try SURSystem(equations: equations)
        if let restrictions {
            guard restrictions.matrix.cols == system.totalCoefficients else {
                throw InputError(key: "restrictions", "restrictions have \(restrictions.matrix.cols) columns for \(system.totalCoefficients) coefficients")
            }
            try restrictions.checkIndependent()
        }
        guard options.tolerance > 0, options.maxIterations >= 1 else {
            throw InputError(key: "options", "the tolerance must be positive and the iteration cap at least 1")
        }
        let active = (restrictions?.count ?? 0) > 0 ? restrictions : nil

        // Step 1: OLS (restricted OLS on the stack when there are restrictions).
        var b: [Double]
        if let active {
            b = try system.gls(weights: Matrix.identity(system.m), restrictions: active).coefficients
        } else {
            b = system.olsCoefficients
        }

        var iterations = 0
        var converged = true
        var sigma = Matrix(rows: 0, cols: 0)
        var step: SURSystem.GLSStep
        repeat {
            sigma = system.residualCovariance(coefficients: b, divisor: options.divisor, absorbed: options.absorbedParameters)
            let weights = try SURSystem.invertCovariance(sigma, names: equations.map(\.name))
            step = try system.gls(weights: weights, restrictions: active)
            iterations += 1
            let old = b
            b = step.coefficients
            if !options.iterate { break }
            var num = 0.0, den = 0.0
            for k in 0..<b.count { num += (b[k] - old[k]) * (b[k] - old[k]); den += old[k] * old[k] }
            if num <= options.tolerance * options.tolerance * max(den, .leastNormalMagnitude) { break }
            if iterations >= options.maxIterations { converged = false; break }
        } while true

        let r = active?.count ?? 0
        // The absorbed parameters count in the degrees of freedom with the geomean divisor (systemfit with the
        // dummies written out); the divisor T keeps the convention that leaves them out.
        let absorbed = options.divisor == .geometricMean ? options.absorbedParameters : 0
        let sysDF = system.m * system.t - (system.totalCoefficients - r) - system.m * absorbed
        var coefs: [SURCoefficient] = []
        var summaries: [SUREquationSummary] = []
        for (i, eq) in equations.enumerated() {
            let df = active == nil ? system.t - eq.regressors.cols - absorbed : sysDF
            for (j, term) in eq.termNames.enumerated() {
                let k = system.offsets[i] + j
                coefs.append(SURCoefficient(equation: eq.name, term: term, estimate: b[k], stdError: step.covariance[k, k].squareRoot(),
                                            degreesOfFreedom: df))
            }
            let e = system.residuals(equation: i, coefficients: b)
            let ssr = e.reduce(0) { $0 + $1 * $1 }
            let mean = eq.response.reduce(0, +) / Double(system.t)
            let sst = eq.response.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            summaries.append(SUREquationSummary(name: eq.name, termNames: eq.termNames, observations: system.t, ssr: ssr,
                                                r2: sst > 0 ? 1 - ssr / sst : .nan, residuals: e))
        }
        self.coefficients = coefs
        self.covariance = step.covariance
        self.equations = summaries
        self.residualCovariance = sigma
        self.iterations = iterations
        self.converged = converged
        self.restrictions = active
        self.systemDegreesOfFreedom = sysDF
        self.options = options
    }
}
