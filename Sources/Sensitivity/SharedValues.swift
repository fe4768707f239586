import Econometrics
import Foundation
import OffshoringModels

/// The offshoring columns of one measure set and the model results computed on them, by settings key.
final class MeasureEntry: @unchecked Sendable {
    /// The panel's offshoring columns (or why they could not be computed).
    let columns: Result<[(name: String, values: [Double])], Error>
    /// Model results (the estimate's record and the sample's years), by settings key: the record is made once per
    /// estimation, however many variants share it.
    let results = SharedValues<Result<(ModelRecord, [Int]), Error>>()

    init(columns: Result<[(name: String, values: [Double])], Error>) { self.columns = columns }
}

/// The most recent measure sets: variants of one measure set come one after another in the grid's order, so a
/// few entries serve every thread.
typealias ReuseCache = SharedValues<MeasureEntry>

/// Models prepared once and shared by the threads of a run.
typealias PlanCache = SharedValues<Result<ModelPlan, Error>>

/// Values computed once per key and shared by threads, behind a lock; at most `capacity` keys are held (the
/// oldest is dropped first).
final class SharedValues<Value>: @unchecked Sendable {
    private var values: [String: Value] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let lock = NSLock()

    init(capacity: Int = .max) { self.capacity = max(1, capacity) }

    /// Stores `value` under `key` unless a value is there already (the first stored wins).
    func store(_ key: String, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        guard values[key] == nil else { return }
        values[key] = value
        order.append(key)
        if order.count > capacity { values[order.removeFirst()] = nil }
    }

    /// The value stored under `key`, made by `make` the first time (outside the lock: two threads may both make
    /// it, and the first stored wins).
    func value(_ key: String, make: () -> Value) -> Value {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let v = values[key] { return v }
        values[key] = made
        order.append(key)
        if order.count > capacity { values[order.removeFirst()] = nil }
        return made
    }
}
