import Dispatch
import Econometrics
import IOTables
import OffshoringModels

extension SensitivityChain {
    /// Runs one variant: measures for every year, the panel's offshoring columns, every model. Errors of a model
    /// are recorded as failures of that model; the other models still run.
    ///
    /// When the grouping has the base grouping's group names (every generated variant), the models prepared on
    /// the baseline panel are estimated with the variant's offshoring columns (`ModelPlan`: the same numbers as
    /// estimating from scratch); otherwise the panel is built again and every model estimated from scratch.
    /// Variants with the same measures (grouping, denominator, narrow/broad) share the columns, and a model
    /// whose settings two such variants leave the same is estimated once for both: the same estimation gives the
    /// same numbers.
    public func run(_ v: Variant, grouping: Grouping) -> VariantOutcome {
        guard grouping.groups.map(\.name) == basePanel.groups else { return runFromScratch(v, grouping: grouping) }
        var rows: [ResultRow] = []
        var failures: [(model: String, message: String)] = []
        let compute = { Result { try self.offshoringColumns(v, grouping: grouping) } }
        let measures = sharesWork ? reuse.value(Self.measureKey(v, grouping)) { MeasureEntry(columns: compute()) } : MeasureEntry(columns: compute())
        let columns: [(name: String, values: [Double])]
        switch measures.columns {
        case .success(let c): columns = c
        case .failure(let error): return VariantOutcome(variant: v, rows: [], failures: [("*", "\(error)")])
        }
        for (mi, model) in models.enumerated() where !exclusions.contains(where: { $0.excludes(model.name, in: v) }) {
            do {
                let spec = try Self.spec(model, in: v)
                let key = Self.settingsKey(mi, spec)
                let (record, years) = try measures.results.value(key) {
                    Result {
                        let plan = try self.plan(mi, spec: spec, key: key).get()
                        if sharesWork, let own = self.recordWithOtherStandardErrors(v, model: mi, spec: spec, key: key, plan: plan,
                                                                                     columns: columns, into: measures) {
                            return (try own.get(), plan.years)
                        }
                        return (try plan.record(columns: columns), plan.years)
                    }
                }.get()
                append(record, spec: spec, modelIndex: mi, years: years, to: &rows)
            } catch {
                failures.append((model.name, "\(error)"))
            }
        }
        return VariantOutcome(variant: v, rows: rows, failures: failures)
    }

    /// The record of model `mi` in variant `v` (settings `spec`, keyed `key`) from one fit with the grid's other
    /// standard errors (`vcovChoices`), whose records are stored in `measures` under their keys for the variants
    /// that differ from `v` in `vcov` alone; nil when the model cannot share its fit that way (a system, GMM, a
    /// bootstrap) or the grid has one choice of standard errors.
    func recordWithOtherStandardErrors(_ v: Variant, model mi: Int, spec: ModelSpec, key: String, plan: ModelPlan,
                                       columns: [(name: String, values: [Double])], into measures: MeasureEntry) -> Result<ModelRecord, Error>? {
        guard vcovChoices.count > 1, spec.kind == .single, spec.bootstrap == nil else { return nil }
        var siblings: [(key: String, spec: ModelSpec)] = []
        for choice in vcovChoices {
            var w = v
            w.vcov = choice
            guard let s = try? Self.spec(models[mi], in: w) else { continue }
            let k = Self.settingsKey(mi, s)
            if k != key && !siblings.contains(where: { $0.key == k }) { siblings.append((k, s)) }
        }
        guard !siblings.isEmpty, let all = plan.records(columns: columns, specs: [spec] + siblings.map(\.spec)) else { return nil }
        for (sibling, r) in zip(siblings, all.dropFirst()) { measures.results.store(sibling.key, r.map { ($0, plan.years) }) }
        return all[0]
    }

    /// A variant whose grouping has other group names (so other panel columns): the panel built again and every
    /// model estimated from scratch.
    func runFromScratch(_ v: Variant, grouping: Grouping) -> VariantOutcome {
        var rows: [ResultRow] = []
        var failures: [(model: String, message: String)] = []
        let panel: IndustryPanel
        do { panel = try self.panel(v, grouping: grouping) } catch {
            return VariantOutcome(variant: v, rows: [], failures: [("*", "\(error)")])
        }
        for (mi, model) in models.enumerated() where !exclusions.contains(where: { $0.excludes(model.name, in: v) }) {
            do {
                let spec = try Self.spec(model, in: v)
                let o = try ModelRunner.run(spec, panel: panel)
                append(o.record, spec: spec, modelIndex: mi, years: o.years, to: &rows)
            } catch {
                failures.append((model.name, "\(error)"))
            }
        }
        return VariantOutcome(variant: v, rows: rows, failures: failures)
    }

    /// The model `mi` prepared on the baseline panel as a variant runs it (`spec`, keyed `key`): prepared once per
    /// distinct setting, then shared by every thread; a model that cannot be prepared keeps its error.
    func plan(_ mi: Int, spec: ModelSpec, key: String) -> Result<ModelPlan, Error> {
        plans.value(key) { Result { try ModelPlan(spec: spec, panel: basePanel, varying: varyingColumns) } }
    }

    /// The model `mi` as the variant `v` runs it, prepared (see `plan(_:spec:key:)`).
    func plan(_ mi: Int, in v: Variant) -> Result<ModelPlan, Error> {
        do {
            let spec = try Self.spec(models[mi], in: v)
            return plan(mi, spec: spec, key: Self.settingsKey(mi, spec))
        } catch {
            return .failure(error)
        }
    }

    /// Seconds spent in each phase of one variant (`measures` and the panel's offshoring columns, then each
    /// model), for profiles. Models are prepared before the clock starts.
    public func phaseTimes(_ v: Variant, grouping: Grouping) throws -> [(phase: String, seconds: Double)] {
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        _ = run(v, grouping: grouping)
        var out: [(phase: String, seconds: Double)] = []
        var t = now()
        func lap(_ name: String) {
            let u = now()
            out.append((name, Double(u - t) / 1e9))
            t = u
        }
        let columns = try offshoringColumns(v, grouping: grouping)
        lap("measures")
        for (mi, m) in models.enumerated() {
            _ = try? plan(mi, in: v).get().run(columns: columns)
            lap(m.name)
        }
        return out
    }
}
