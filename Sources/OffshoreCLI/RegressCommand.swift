import ArgumentParser
import DataIO
import Econometrics
import Reporting

/// `offshore regress`: a regression on any panel in CSV or gzip CSV, formula in fixest syntax.
struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Estimate a linear panel model: OLS with absorbed fixed effects, 2SLS, first differences or between.",
        discussion: """
        Formula in fixest syntax: "y ~ x1 + log(x2) + I(a*b) + a:b + i(g) + l(x, 1) + d(x) | fe1 + fe2 | endog ~ instr";
        csw(a, b) or sw(a, b) estimate several models, printed side by side (--format table, latex, markdown or html).
        Missing values (empty, NA, .) drop the row; the rows dropped are counted in the output.
        Standard errors: iid, hc1 (N/(N-K)), cluster:VAR or cluster:VAR1+VAR2 (CR1: G/(G-1)*(N-1)/(N-K),
        K excluding fixed effects nested in the clusters; t tests with G-1 df). The convention is printed.
        CSV and JSON give per term estimate, std_error, t_value, p_value, then the t test's 95% interval ci_low, ci_high.
        --bootstrap wild[:cluster=V,reps=N,weights=webb|rademacher|mammen|normal,type=restricted|unrestricted,seed=S]
        adds a wild cluster bootstrap (Cameron, Gelbach and Miller 2008; computed as boottest does, Roodman et al.
        2019): per term the symmetric bootstrap p-value of the coefficient being 0 and a 95% interval by test
        inversion (columns boot_p_value, boot_ci_low, boot_ci_high). Defaults: the --vcov cluster, 9999 draws, Webb
        weights, restricted (null imposed), seed 20171203; Rademacher weights use all 2^G draws when 2^G <= reps.
        --test "x1 = 0" --test "x2 = 0" adds the bootstrap Wald test of those restrictions together.
        Two-way: cluster=A+B (or --vcov cluster:A+B) bootstraps the two-way t (MacKinnon, Nielsen and Webb 2021),
        weights drawn by bootcluster=A|B (default: the one with fewer clusters). 2SLS with one endogenous regressor:
        the wild restricted efficient bootstrap (WRE, Davidson and MacKinnon 2010) of its coefficient, one-way.
        """)

    @Option(help: "The data: a CSV or gzip CSV file with a header row.")
    var data: String

    @Option(help: "The model, e.g. \"invest ~ value + capital | firm\".")
    var formula: String

    @Option(help: "Entity and time columns, ENTITY,TIME (needed for l(), f(), d(), --model fd and between).")
    var panel: String?

    @Option(help: "Standard errors: iid, hc1, cluster:VAR or cluster:VAR1+VAR2.")
    var vcov: String = "iid"

    @Option(help: "A column of analytic weights (non-negative; rows with zero weight are dropped).")
    var weights: String?

    @Option(help: "ols (levels, with any fixed effects), fd (first differences), between, or gmm (dynamic panel GMM; formula \"y ~ l(y, 1:2) + x | TIME | gmm(y, 2:99) + iv(z)\").")
    var model: String = "ols"

    @Option(help: "With --model gmm: the GMM estimator (difference: Arellano-Bond; system: Blundell-Bond).")
    var gmm: String = "difference"

    @Option(name: .customLong("gmm-convention"), help: "With --gmm system: whose rules for IV-style instruments, time dummies and AR tests (pgmm: R's plm::pgmm; xtabond2: Stata's xtabond2, as pydynpd).")
    var gmmConvention: String = "pgmm"

    @Option(help: "With --model gmm: 1 (one-step) or 2 (two-step, Windmeijer-corrected standard errors).")
    var steps: Int = 2

    @Flag(help: "With --model gmm: collapse the GMM-style instruments (one column per lag, Roodman 2009).")
    var collapse = false

    @Flag(help: "Drop observations alone in a fixed-effect level (they are counted in the output).")
    var dropSingletons = false

    @OptionGroup var csv: CSVDialectOption

    @Option(help: "Wild cluster bootstrap: wild[:cluster=V|V1+V2,bootcluster=V,reps=N,weights=webb|rademacher|mammen|normal,type=restricted|unrestricted,seed=S].")
    var bootstrap: String?

    @Option(help: "A restriction for the bootstrap's joint Wald test, e.g. \"x1 = 0\" (repeat for several; needs --bootstrap).")
    var test: [String] = []

    @OptionGroup var outputs: OutputOptions<RegressFormat>

    func run() throws {
        try outputs.refuseOverwriting([(data, "--data")])
        let format = outputs.format ?? .table
        if model == "gmm" {
            guard bootstrap == nil, test.isEmpty else {
                throw InputError(key: bootstrap != nil ? "bootstrap" : "test", "--model gmm has no wild bootstrap")
            }
            if panel == nil { throw InputError(key: "panel", "--model gmm needs the panel structure: give --panel ENTITY,TIME") }
            let frame = try DataFrame(checkedCSVPath: data, dialect: try csv.dialect())
            try outputs.emit(try RegressGMM.run(formula: formula, data: frame, panel: panel, gmm: gmm, convention: gmmConvention,
                                                steps: steps, collapse: collapse, vcov: vcov, weights: weights, format: format))
            return
        }
        guard let panelModel = PanelModel(rawValue: model) else {
            throw InputError(key: "model", "expected ols, fd, between or gmm, found '\(model)'")
        }
        let spec = try VarianceEstimator(parsing: vcov)
        let bootSpec = try bootstrap.map { try WildBootstrapSpec(parsing: $0) }
        if !test.isEmpty && bootSpec == nil {
            throw InputError(key: "test", "a joint test is computed by the wild bootstrap: give --bootstrap wild[:...] with --test")
        }
        let parsedPanel = try panel.map { try Panel(parsing: $0) }
        let formulas = try Formula.expandingMultiple(formula)
        if formulas.count > 1 && (format == .csv || format == .json) {
            throw InputError(key: "formula", "csw()/sw() give \(formulas.count) models, which --format table, latex, markdown or html print side by side; run one model at a time for \(format)")
        }
        let frame = try DataFrame(checkedCSVPath: data, dialect: try csv.dialect())
        let options = RegressionOptions(vcov: spec, weights: weights, dropSingletons: dropSingletons, model: panelModel)
        // Estimate every model before writing anything, so that an error leaves no partial output.
        let records = try formulas.map { formula -> ModelRecord in
            guard let bootSpec else {
                return ModelRecord(try Econometrics.regress(formula: formula, data: frame, panel: parsedPanel, options: options))
            }
            let (result, boot) = try regressWithWildBootstrap(formula: formula, data: frame, panel: parsedPanel, options: options,
                                                              bootstrap: bootSpec, restrictions: test)
            return ModelRecord(result, bootstrap: boot)
        }
        let text: String
        switch format {
        case .csv: text = RegressionReport.regressCSV(records[0])
        case .json: text = RegressionReport.regressJSON(records[0]).render() + "\n"
        case .table:
            text = records.count == 1 ? RegressionReport.table(records[0]).renderText()
                : try RegressionReport.sideBySide(records, formulas: formulas.map(\.text)).render(.text)
        case .latex, .markdown, .html:
            text = try RegressionReport.sideBySide(records, formulas: formulas.map(\.text)).render(format.publication ?? .text)
        }
        try outputs.emit(text)
        // The CSV's columns have no place for how the bootstrap was run: say it (with the seed) on standard error.
        if format == .csv, let b = records[0].bootstrap {
            FileHandleOutput.standardError("offshore: note: \(b.description) (\(b.spec.name))\n")
        }
    }
}
