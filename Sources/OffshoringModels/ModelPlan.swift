import DataIO
import Econometrics

/// A model prepared once on a panel, to be estimated again with other values of some panel columns (the
/// offshoring measures of another grouping, denominator or narrow/broad setting): its sample, formulas and
/// every column that does not read a varying variable are kept, so only the changed terms are evaluated again.
///
/// The estimates are bit for bit those of `ModelRunner.run` on a panel holding the new columns: the sample's
/// rows do not depend on the varying columns (they are the model's industries and years), and the changed
/// terms are evaluated by the same code. `offshore sensitivity` runs every model of every variant this way.
public struct ModelPlan {
    /// The model as run.
    public let spec: ModelSpec
    /// Industries of the sample.
    public let industries: [String]
    /// Years of the sample.
    public let years: [Int]
    /// Panel row of each sample row.
    let rows: [Int]
    /// Varying columns the model reads.
    let reads: Set<String>
    let sampleRows: Int
    enum Prepared {
        case single(PreparedRegression)
        case system([PreparedFrame])
        /// A GMM model keeps its sample's data and is fitted again in full (no partial re-evaluation).
        case gmm(DataFrame)
    }
    let prepared: Prepared
    /// A system's demeaned columns on the panel it was prepared on (single equations keep theirs themselves).
    let memo = DemeaningMemo()

    /// Prepares `spec` on `panel`; `varying` names the panel columns whose values will change.
    /// - Throws: the `InputError`s `ModelRunner.run` throws for the same model and panel.
    public init(spec: ModelSpec, panel: IndustryPanel, varying: Set<String>) throws {
        self.spec = spec
        let s = try ModelRunner.selection(panel, for: spec)
        // A model with its own measures keeps them in every variant: the variant's offshoring columns do not apply.
        let varying = spec.denominator == nil && spec.narrow == nil ? varying : varying.subtracting(OffshoringColumns.names(groups: panel.groups))
        industries = s.industries
        years = s.years
        rows = s.rows
        sampleRows = s.data.rowCount
        let structure = ModelRunner.panelStructure
        (prepared, reads) = try ModelRunner.inContext(of: spec) { () throws -> (Prepared, Set<String>) in
            switch spec.kind {
            case .single:
                let f = try Formula(spec.formula)
                let reads = varying.intersection(f.variables.map(\.name))
                return (.single(try PreparedRegression(formula: f, data: s.data, panel: structure, options: try ModelRunner.options(spec),
                                                       varying: reads)), reads)
            case .system:
                let formulas = try ModelRunner.systemFormulas(spec)
                let reads = varying.intersection(formulas.flatMap { $0.variables.map(\.name) })
                return (.system(try formulas.map { try PreparedFrame(formula: $0, data: s.data, panel: structure, varying: reads) }), reads)
            case .gmm:
                // Every varying column the sample has is replaced before the fit (the GMM formula's variables are
                // not listed apart; replacing a column the model does not read changes nothing).
                _ = try PanelGMMFormula(spec.formula)
                return (.gmm(s.data), varying.intersection(s.data.names))
            }
        }
        if case .system(let frames) = prepared {
            // Records the demeaned columns (a system the panel cannot estimate leaves the memo empty).
            _ = try? ModelRunner.system(spec, frames: frames.map(\.frame), rowCount: sampleRows, memo: memo)
        }
        memo.freeze()
    }

    /// Estimates the model with `columns` (name, one value per panel row) as the varying columns' values;
    /// columns the model does not read are ignored.
    public func run(columns: [(name: String, values: [Double])]) throws -> ModelEstimate {
        let sub = sampleColumns(columns)
        return try ModelRunner.inContext(of: spec) {
            switch prepared {
            case .single(let p):
                return .single(try p.run(replacing: sub))
            case .system(let frames):
                return .system(try ModelRunner.system(spec, frames: try frames.map { try $0.evaluate(replacing: sub).frame },
                                                      rowCount: sampleRows, memo: memo))
            case .gmm(let data):
                var data = data
                for c in sub { try data.setColumn(c.name, .numeric(c.values)) }
                return .gmm(try ModelRunner.gmm(spec, data: data))
            }
        }
    }

    /// The records of `specs` (this plan's model with other standard errors: specs equal to `spec` but for
    /// `vcov`) with `columns` as the varying columns' values, one result each, bit for bit what plans prepared for
    /// each spec would record. A single equation without a bootstrap is fitted once and its variance computed per
    /// spec (`PreparedRegression.run(replacing:vcovs:)`); for any other model (or specs that differ in more than
    /// `vcov`) the result is nil, and each spec is recorded by a plan of its own. A failure of the fit is every
    /// spec's; a failure of one variance estimator is its spec's alone.
    public func records(columns: [(name: String, values: [Double])], specs: [ModelSpec]) -> [Result<ModelRecord, Error>]? {
        var same = spec
        let alike = specs.allSatisfy { s in
            same.vcov = s.vcov
            return s == same
        }
        guard alike, spec.bootstrap == nil, case .single(let p) = prepared else { return nil }
        let sub = sampleColumns(columns)
        do {
            let fits = try ModelRunner.inContext(of: spec) { try p.run(replacing: sub, vcovs: specs.map(\.vcov)) }
            return zip(specs, fits).map { s, fit in
                Result { try ModelRunner.inContext(of: s) { ModelEstimate.single(try fit.get()).record(s) } }
            }
        } catch {
            return specs.map { _ in .failure(error) }
        }
    }

    /// The varying columns the model reads, on the sample's rows.
    func sampleColumns(_ columns: [(name: String, values: [Double])]) -> [(name: String, values: [Double])] {
        columns.compactMap { c in
            guard reads.contains(c.name) else { return nil }
            return (c.name, rows.map { c.values[$0] })
        }
    }

    /// The model's record with `columns` as the varying columns' values: `run(columns:)`'s, or, for a single
    /// equation whose spec asks for a wild cluster bootstrap (`ModelSpec.bootstrap`), the fit and its bootstrap
    /// p-values on the sample with those columns (no intervals: the sensitivity grid stores p-values only). The
    /// bootstrap estimates from the sample's data, the same rows and values as the prepared fit, so its estimates
    /// and standard errors are those of `run(columns:)`.
    public func record(columns: [(name: String, values: [Double])]) throws -> ModelRecord {
        guard let b = spec.bootstrap, case .single(let p) = prepared else { return try run(columns: columns).record(spec) }
        var data = p.prepared.data
        for c in sampleColumns(columns) { try data.setColumn(c.name, .numeric(c.values)) }
        return try ModelRunner.inContext(of: spec) {
            let (r, boot) = try regressWithWildBootstrap(formula: try Formula(spec.formula), data: data, panel: ModelRunner.panelStructure,
                                                         options: try ModelRunner.options(spec), bootstrap: b, intervals: false)
            return ModelRecord(r, bootstrap: boot, formula: spec.formula)
        }
    }
}
