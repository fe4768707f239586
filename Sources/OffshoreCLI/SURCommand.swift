import ArgumentParser
import DataIO
import Econometrics
import Reporting

/// `offshore sur`: seemingly unrelated regressions (Zellner's feasible GLS, optionally iterated) with linear
/// restrictions within and across equations.
struct SUR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sur",
        abstract: "Estimate a system of equations by SUR (feasible GLS or iterated), with linear cross-equation restrictions.",
        discussion: """
        Each --equation is "NAME: y ~ x1 + x2" in fixest formula syntax (no fixed effects or instruments). \
        Coefficients are named NAME:term, e.g. GE:value or GE:(Intercept).

        Every equation needs the same observations. With wide data (one row per observation, a column per \
        equation's variables) just give the equations. With long data, select each equation's rows with \
        --where "NAME: var == value" (also !=, <, <=, >, >=; without "NAME:" a filter applies to all equations; \
        several filters on one equation must all hold) and pair the equations' rows with --match VAR (e.g. year). \
        Observations with a missing value in any equation, or absent from some equation, are dropped from all \
        equations and counted.

        --restrict takes a linear equation in coefficients, e.g. "GE:value = WE:value" or \
        "S1:lp1 + S1:lp2 + S1:lp3 = 0" or "2*A:x - B:x = 0.5"; repeat it for several restrictions.

        The residual covariance has divisor T by default (Zellner, Theil; systemfit's "noDfCor"); \
        --covariance geomean uses sqrt((T-k_i)(T-k_j)) (systemfit's default). Standard errors come from the GLS \
        covariance; p-values from Student's t with T - k_i degrees of freedom per equation, or the system's \
        M*T - K + R when restrictions are imposed (systemfit's convention).

        Output: the columns, digits and stars of `offshore regress`: the table's estimate, std. error, t value,         Pr(>|t|) and stars; --format csv gives term,estimate,std_error,t_value,p_value,ci_low,ci_high (the t         test's 95% interval) with terms named NAME:term.

        Example (Theil's GE/Westinghouse system):
          offshore sur --data grunfeld.csv --match year
            --equation "GE: invest ~ value + capital"
            --where "GE: firm == General Electric"
            --equation "WH: invest ~ value + capital"
            --where "WH: firm == Westinghouse"
        """)

    @Option(help: "CSV or gzip CSV file with a header row.")
    var data: String

    @Option(name: .customLong("equation"), help: ArgumentHelp("An equation \"NAME: y ~ x1 + x2\"; repeat for each.", valueName: "NAME: formula"))
    var equations: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("A row filter \"[NAME:] var == value\"; repeatable.", valueName: "filter"))
    var filters: [String] = []

    @Option(help: ArgumentHelp("Pair the equations' rows by this variable's value (e.g. year) instead of by row.", valueName: "VAR"))
    var match: String?

    @Option(name: .customLong("restrict"), help: ArgumentHelp("A linear restriction, e.g. \"A:x = B:x\"; repeatable.", valueName: "restriction"))
    var restrictions: [String] = []

    @Flag(help: "Iterate feasible GLS until the coefficients converge.")
    var iterate = false

    @Option(help: "Divisor of the residual covariance: T (default) or geomean.")
    var covariance: String = "T"

    @Option(help: "Convergence tolerance on the relative change of the coefficients when iterating.")
    var tolerance: Double = 1e-10

    @Option(name: .customLong("max-iterations"), help: "Largest number of GLS steps when iterating.")
    var maxIterations: Int = 1000

    @Option(help: ArgumentHelp("Entity and time variables, for l(), f() and d() in formulas.", valueName: "ENTITY,TIME"))
    var panel: String?

    @OptionGroup var csv: CSVDialectOption

    @OptionGroup var outputs: OutputOptions<TextFormat>

    func run() throws {
        try outputs.refuseOverwriting([(data, "--data")])
        guard let divisor = SURCovarianceDivisor(rawValue: covariance) else {
            throw InputError(key: "--covariance", "expected T or geomean, got '\(covariance)'")
        }
        guard tolerance > 0, tolerance.isFinite else { throw InputError(key: "--tolerance", "expected a positive number, got \(tolerance)") }
        guard maxIterations >= 1 else { throw InputError(key: "--max-iterations", "expected at least 1, got \(maxIterations)") }
        let specification = try SURSpecification(equations: equations)
        let frame = try DataFrame(checkedCSVPath: data, dialect: try csv.dialect())
        let sample = try specification.system(on: frame, filters: filters, match: match,
                                              panel: try panel.map { try Panel(parsing: $0) })
        let options = SUROptions(iterate: iterate, tolerance: tolerance, maxIterations: maxIterations, divisor: divisor)
        let fit = try SURFit(equations: sample.equations, restrictions: restrictions, options: options)
        let record = sample.record(fit)
        let text: String
        switch outputs.format ?? .table {
        // The columns of `offshore regress --format csv` (with the t test's 95 % interval), numbers at full precision.
        case .csv: text = RegressionReport.regressCSV(record)
        case .json: text = RegressionReport.surJSON(record).render() + "\n"
        case .table: text = RegressionReport.systemTable(record)
        }
        try outputs.emit(text)
        if !fit.converged {
            FileHandleOutput.standardError("offshore: warning: SUR did not converge in \(fit.iterations) GLS steps (tolerance \(tolerance)); the estimates are from the last step\n")
        }
    }
}
