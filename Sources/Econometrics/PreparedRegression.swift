import DataIO

/// A formula evaluated once on a data frame, ready to be evaluated again with new values of a few variables
/// (the `varying` ones): only the response, regressor, endogenous and instrument terms that read a varying
/// variable are evaluated again; every other column, the fixed effects and the panel structure are reused.
///
/// The columns it returns are those a fresh `ModelFrame` on the changed data would hold, computed by the same
/// code (`TermEvaluator`), so estimates from them are bit for bit those of estimating from scratch. It exists for
/// `offshore sensitivity`, which re-estimates the same models thousands of times with other offshoring measures.
public struct PreparedFrame {
    /// The formula evaluated on `data`.
    public let frame: ModelFrame
    /// The data the formula was evaluated on.
    public let data: DataFrame
    /// The panel structure (for lags, leads and differences).
    public let panel: Panel?
    /// The variables whose values may change.
    public let varying: Set<String>
    /// The panel index of `data`, when the formula or the estimator needs one.
    public let panelIndex: PanelIndex?
    private let responseVaries: Bool
    /// Per formula part (regressors, endogenous, instruments): each term's columns and whether it varies.
    private let regressorTerms: [(range: Range<Int>, varies: Bool)]
    private let endogenousTerms: [(range: Range<Int>, varies: Bool)]
    private let instrumentTerms: [(range: Range<Int>, varies: Bool)]
    private let shifts: [Int: [Int]]

    /// Evaluates `formula` on `data` and notes which terms read a variable of `varying`.
    /// - Parameter needsIndex: build the panel index even when the formula has no panel operator (first
    ///   differences and between estimators need it).
    public init(formula: Formula, data: DataFrame, panel: Panel?, varying: Set<String>, needsIndex: Bool = false) throws {
        frame = try ModelFrame(formula: formula, data: data, panel: panel)
        self.data = data
        self.panel = panel
        self.varying = varying
        func varies(_ t: FormulaTerm) -> Bool { t.variables.contains { varying.contains($0.name) } }
        responseVaries = formula.response.variables.contains { varying.contains($0.name) }
        // Each term's column count, from evaluating it alone (the frame's columns are the terms' in order).
        var ev = TermEvaluator(data: data, panel: panel, hasFixedEffects: !formula.fixedEffects.isEmpty)
        _ = try ev.numeric(formula.response)  // primes the panel shifts a lagged or differenced response needs
        func ranges(_ terms: [FormulaTerm], dropReference: Bool, total: Int) throws -> [(range: Range<Int>, varies: Bool)] {
            var out: [(range: Range<Int>, varies: Bool)] = []
            var at = 0
            for t in terms {
                let n = try ev.columns(of: t, dropReference: dropReference).count
                out.append((at..<(at + n), varies(t)))
                at += n
            }
            guard at == total else { throw InputError(key: "formula", "internal: the terms of '\(formula.text)' do not add up to its columns") }
            return out
        }
        let dropReference = frame.hasIntercept || !formula.fixedEffects.isEmpty
        regressorTerms = try ranges(formula.terms, dropReference: dropReference, total: frame.regressors.count)
        endogenousTerms = try ranges(formula.endogenous, dropReference: true, total: frame.endogenous.count)
        instrumentTerms = try ranges(formula.instruments, dropReference: true, total: frame.instruments.count)
        if let panel, needsIndex || ev.panelIndex != nil {
            panelIndex = try ev.panelIndex ?? PanelIndex(data: data, panel: panel)
        } else {
            panelIndex = nil
        }
        shifts = ev.shifts
    }

    /// The frame and data with `columns` (name, values for every row of `data`) replacing those variables.
    /// - Throws: `InputError` when a column is not one of the varying variables or has the wrong length.
    public func evaluate(replacing columns: [(name: String, values: [Double])]) throws -> (frame: ModelFrame, data: DataFrame) {
        var d = data
        for (name, values) in columns {
            guard varying.contains(name) else {
                throw InputError(key: name, "'\(name)' was not prepared as a varying variable (\(varying.sorted().joined(separator: ", ")))")
            }
            try d.setColumn(name, .numeric(values))
        }
        var ev = TermEvaluator(data: d, panel: panel, hasFixedEffects: !frame.formula.fixedEffects.isEmpty)
        ev.panelIndex = panelIndex
        ev.shifts = shifts
        func refresh(_ base: [[Double]], _ terms: [FormulaTerm], _ ranges: [(range: Range<Int>, varies: Bool)],
                     dropReference: Bool) throws -> [[Double]] {
            var out = base
            for (t, r) in zip(terms, ranges) where r.varies {
                let cols = try ev.columns(of: t, dropReference: dropReference)
                guard cols.count == r.range.count else {
                    throw InputError(key: "formula", "the term \(t.label) has \(cols.count) columns with the new values, \(r.range.count) before")
                }
                for (k, c) in cols.enumerated() { out[r.range.lowerBound + k] = c.1 }
            }
            return out
        }
        let f = frame.formula
        let dropReference = frame.hasIntercept || !f.fixedEffects.isEmpty
        let fresh = ModelFrame(
            rebuilding: frame,
            response: responseVaries ? try ev.numeric(f.response) : frame.response,
            regressors: try refresh(frame.regressors, f.terms, regressorTerms, dropReference: dropReference),
            endogenous: try refresh(frame.endogenous, f.endogenous, endogenousTerms, dropReference: true),
            instruments: try refresh(frame.instruments, f.instruments, instrumentTerms, dropReference: true))
        return (fresh, d)
    }
}

extension ModelFrame {
    /// `base` with other values for the response and the regressor, endogenous and instrument columns (same
    /// names and counts).
    init(rebuilding base: ModelFrame, response: [Double], regressors: [[Double]], endogenous: [[Double]], instruments: [[Double]]) {
        formula = base.formula
        rowCount = base.rowCount
        source = base.source
        responseName = base.responseName
        self.response = response
        regressorNames = base.regressorNames
        self.regressors = regressors
        hasIntercept = base.hasIntercept
        fixedEffects = base.fixedEffects
        endogenousNames = base.endogenousNames
        self.endogenous = endogenous
        instrumentNames = base.instrumentNames
        self.instruments = instruments
    }
}

/// A single-equation regression prepared once (see `PreparedFrame`) and estimated for new values of its varying
/// variables: the same result as `regress(formula:data:panel:options:)` on the changed data, for a fraction of
/// its cost on small samples.
public struct PreparedRegression {
    /// The evaluated formula.
    public let prepared: PreparedFrame
    /// The estimation options.
    public let options: RegressionOptions

    /// The columns demeaned in the regression on `data`, for reuse by every later run.
    let memo: DemeaningMemo

    /// Prepares `formula` on `data` with `varying` as the variables whose values will change, and estimates it
    /// once on `data` to keep its demeaned columns.
    public init(formula: Formula, data: DataFrame, panel: Panel?, options: RegressionOptions, varying: Set<String>) throws {
        prepared = try PreparedFrame(formula: formula, data: data, panel: panel, varying: varying,
                                     needsIndex: options.model != .levels)
        self.options = options
        memo = DemeaningMemo()
        let index = prepared.panelIndex
        // A failure here (e.g. a model that the baseline cannot estimate) only leaves the memo empty.
        _ = try? regress(frame: prepared.frame, data: data, panel: panel, options: options, index: index.map { i in { i } }, memo: memo)
        memo.freeze()
    }

    /// Estimates with `columns` replacing the varying variables' values (one value per row of the data).
    public func run(replacing columns: [(name: String, values: [Double])]) throws -> RegressionResult {
        let (frame, data) = try prepared.evaluate(replacing: columns)
        let index = prepared.panelIndex
        return try regress(frame: frame, data: data, panel: prepared.panel, options: options,
                           index: index.map { i in { i } }, memo: memo)
    }

    /// `run(replacing:)` with each of `vcovs` in place of the options' variance estimator, one result each: the
    /// fit is computed once and the variance once per estimator (see `regress(frame:data:panel:options:vcovs:)`),
    /// bit for bit the results of as many runs.
    public func run(replacing columns: [(name: String, values: [Double])], vcovs: [VarianceEstimator]) throws -> [Result<RegressionResult, Error>] {
        let (frame, data) = try prepared.evaluate(replacing: columns)
        let index = prepared.panelIndex
        return try regress(frame: frame, data: data, panel: prepared.panel, options: options, vcovs: vcovs,
                           index: index.map { i in { i } }, memo: memo)
    }
}

/// The columns one regression demeaned (inputs, results and sweeps, column by column), so that a later
/// regression on the same rows, fixed effects and weights takes a column whose input is bit for bit the same
/// from here instead of demeaning it again. Demeaning treats every column on its own with the same
/// arithmetic, so the result is exactly what demeaning it again would give.
///
/// It records the first regression that demeans while it is not frozen; once frozen it is only read, and can
/// be shared by threads.
public final class DemeaningMemo: @unchecked Sendable {
    private var frozen = false
    private var rows: [Int] = []
    private var weights: [Double]? = nil
    private var inputs: [[Double]] = []
    private var outputs: [[Double]] = []
    private var sweeps: [Int] = []

    /// An empty memo: it records the first demeaning it is given.
    public init() {}

    /// Stops recording.
    public func freeze() { frozen = true }

    /// Demeans `columns` (each with one value per row of `rows`) by `absorber`, reusing what applies.
    @discardableResult
    public func demean(_ columns: inout [[Double]], absorber: FixedEffectsAbsorber, rows: [Int], weights: [Double]? = nil) -> Int {
        var pointers: [UnsafeMutableBufferPointer<Double>] = []
        for c in columns.indices {
            let n = columns[c].count
            let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
            _ = p.initialize(from: columns[c])
            pointers.append(p)
        }
        defer { for p in pointers { p.deallocate() } }
        let sweeps = demean(columns: pointers, absorber: absorber, rows: rows, weights: weights)
        for c in columns.indices { columns[c] = Array(pointers[c]) }
        return sweeps
    }

    /// Demeans `columns` in place, as `absorber.demean(columns:)` does (returns the largest sweep count).
    func demean(columns: [UnsafeMutableBufferPointer<Double>], absorber: FixedEffectsAbsorber, rows: [Int], weights: [Double]?) -> Int {
        if !frozen {
            frozen = true
            self.rows = rows
            self.weights = weights
            inputs = columns.map { Array($0) }
            sweeps = columns.map { absorber.demean(columns: [$0]) }
            outputs = columns.map { Array($0) }
            return sweeps.max() ?? 0
        }
        guard columns.count == inputs.count, rows == self.rows, weights == self.weights else {
            return absorber.demean(columns: columns)
        }
        var todo: [UnsafeMutableBufferPointer<Double>] = []
        var most = 0
        for (c, col) in columns.enumerated() {
            let same = inputs[c].withUnsafeBufferPointer { old in
                old.count == col.count && zip(old, col).allSatisfy { $0.bitPattern == $1.bitPattern }
            }
            if same {
                outputs[c].withUnsafeBufferPointer { out in _ = col.update(fromContentsOf: out) }
                most = Swift.max(most, sweeps[c])
            } else {
                todo.append(col)
            }
        }
        return Swift.max(most, todo.isEmpty ? 0 : absorber.demean(columns: todo))
    }
}
