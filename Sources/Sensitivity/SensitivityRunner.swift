import DataIO
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a sensitivity run is carried out.
public struct RunOptions {
    /// Worker threads (0: every core).
    public var threads: Int
    /// The slice of the variants this run computes.
    public var shard: Shard
    /// Stop after computing this many variants (nil: all); the others are left for a resume.
    public var limit: Int?
    /// Show progress (count, rate, time left) on standard error.
    public var progress: Bool
    /// The tool's version, for `meta`.
    public var toolVersion: String

    /// Options; by default every core, every variant, no progress.
    public init(threads: Int = 0, shard: Shard = .all, limit: Int? = nil, progress: Bool = false, toolVersion: String = "") {
        self.threads = threads
        self.shard = shard
        self.limit = limit
        self.progress = progress
        self.toolVersion = toolVersion
    }
}

/// What a sensitivity run did (counts of variants, time, how it stopped); not to be confused with the run
/// folder's `report.json` (`RunFolders.RunSummary`).
public struct SensitivityRunSummary: Equatable {
    /// Variants of the grid.
    public var gridVariants: Int
    /// Variants of this shard.
    public var shardVariants: Int
    /// Variants already done before this run (not recomputed).
    public var alreadyDone: Int
    /// Variants computed by this run.
    public var computed: Int
    /// Variants of this run with at least one model that could not be estimated.
    public var withFailures: Int
    /// True when an interrupt (SIGINT) or `limit` stopped the run before the shard was done.
    public var stoppedEarly: Bool
    /// True when a SIGINT stopped the run.
    public var interrupted: Bool = false
    /// Wall-clock seconds spent computing and writing.
    public var seconds: Double
    /// Tables the database lacked and this run created (a run stopped while creating them); empty normally.
    public var createdMissingTables: [String] = []
}

/// Set by the SIGINT handler; workers stop taking variants once it is set.
private let interruptFlag: UnsafeMutablePointer<sig_atomic_t> = {
    let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

/// Runs the variants of a grid in parallel and streams their results into the database.
public enum SensitivityRunner {
    /// Runs every variant of `grid` in `options.shard` that the database at `databasePath` does not have yet.
    ///
    /// Variants are computed by `options.threads` workers in batches of 32 per worker; a writer thread commits
    /// the finished ones about twice a second while the workers go on (memory stays bounded: at most 2,048
    /// variants' rows wait, and one commit's are being written), every variant's rows with its `done` flag in the
    /// same transaction. A SIGINT lets the running variants finish, writes them and returns
    /// (`stoppedEarly`); a second SIGINT ends the process.
    public static func run(grid: SensitivityGrid, chain: SensitivityChain, databasePath: String,
                           options: RunOptions) throws -> SensitivityRunSummary {
        try chain.validate(grid)
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        let mine = variants.filter(options.shard.contains)
        let baseline = variants.first
        var meta: [String: String] = [
            "tool_version": options.toolVersion, "base_config": chain.config.path ?? "(built in)",
            "models": chain.models.map(\.name).joined(separator: ","), "key_terms": grid.keyTerms.joined(separator: ","),
            "alpha": "\(grid.alpha)", "grid": grid.path ?? "(built in)", "grid_variants": "\(variants.count)",
            "shard": options.shard.description,
        ]
        if let b = baseline { meta["baseline_variant"] = b.id }
        let db = try ResultsDatabase.openForRun(path: databasePath, fingerprint: chain.fingerprint, meta: meta)
        try db.register(mine)
        try db.clearUnfinished()
        let done = try db.doneIDs()
        var todo = mine.filter { !done.contains($0.id) }
        var stoppedEarly = false
        if let limit = options.limit, limit < todo.count {
            todo = Array(todo.prefix(max(0, limit)))
            stoppedEarly = true
        }
        let threads = options.threads > 0 ? options.threads : max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Batches of 32 variants per worker: each batch ends with its workers waiting for the slowest variant.
        let batchSize = max(32, threads * 32)
        interruptFlag.pointee = 0
        let previous = signal(SIGINT) { _ in
            if interruptFlag.pointee != 0 { _exit(130) }
            interruptFlag.pointee = 1
        }
        defer { signal(SIGINT, previous) }

        let start = DispatchTime.now().uptimeNanoseconds
        var computed = 0, withFailures = 0
        var next = 0
        // Finished variants are committed together about twice a second after the first batch (each commit
        // syncs the database to disk): an interrupted run loses at most the uncommitted half second, and memory holds at most
        // `maxPending` variants' rows (and one commit's being written).
        //
        // The commits are written by a writer thread while the workers compute the next batch, so the database
        // costs the run no time of its own when a core is free for it, and little otherwise; commits stay in
        // order (one at a time, each waiting for the one before), and the last is waited for before returning.
        var pending: [VariantOutcome] = []
        var lastCommit = DispatchTime.now().uptimeNanoseconds
        var committed = false
        let maxPending = 2048
        let writer = BackgroundWriter(db)
        func commit(wait: Bool) throws {
            try writer.finish()
            guard !pending.isEmpty else { return }
            if wait { try db.write(pending) } else { writer.start(pending) }
            pending.removeAll(keepingCapacity: true)
            lastCommit = DispatchTime.now().uptimeNanoseconds
            committed = true
        }
        do {
            while next < todo.count {
                let batch = Array(todo[next..<min(todo.count, next + batchSize)])
                next += batch.count
                let outcomes = compute(batch, chain: chain, groupings: groupings, threads: threads)
                pending.append(contentsOf: outcomes)
                computed += outcomes.count
                withFailures += outcomes.filter { !$0.failures.isEmpty }.count
                let stopping = interruptFlag.pointee != 0 || outcomes.count < batch.count
                // The first batch is committed at once (and waited for), so a resumable database exists early.
                if stopping || !committed || pending.count >= maxPending || DispatchTime.now().uptimeNanoseconds - lastCommit >= 500_000_000 {
                    try commit(wait: stopping || !committed)
                }
                if options.progress { showProgress(done: computed, of: todo.count, since: start) }
                if stopping {
                    stoppedEarly = true
                    break
                }
            }
            try commit(wait: true)
            try db.finishWriting()
        } catch {
            // A failed commit is reported after the one being written has ended (never two at once).
            try? writer.finish()
            throw error
        }
        if options.progress && !todo.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return SensitivityRunSummary(gridVariants: variants.count, shardVariants: mine.count, alreadyDone: done.intersection(Set(mine.map(\.id))).count,
                          computed: computed, withFailures: withFailures, stoppedEarly: stoppedEarly, interrupted: interruptFlag.pointee != 0,
                          seconds: seconds, createdMissingTables: db.createdMissingTables)
    }

    /// Computes `batch` with `threads` workers; results in batch order. After an interrupt the workers take no
    /// new variant, and only the finished prefix of the batch is returned (so the database stays in order).
    static func compute(_ batch: [Variant], chain: SensitivityChain, groupings: [NamedGrouping], threads: Int) -> [VariantOutcome] {
        let slots = UnsafeMutableBufferPointer<VariantOutcome?>.allocate(capacity: batch.count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        let lock = NSLock()
        var cursor = 0
        let box = SlotBox(slots)
        // Each worker takes runs of consecutive variants: neighbours in the grid's order usually share their
        // measures (they differ in estimator or SE type), which the chain then computes once. The runs shrink
        // towards the end of the batch (guided scheduling: at most what is left over twice the workers), so the
        // workers finish the batch together instead of one waiting for another's last run of 8.
        let most = max(1, min(8, batch.count / max(1, threads)))
        DispatchQueue.concurrentPerform(iterations: min(threads, batch.count)) { _ in
            while interruptFlag.pointee == 0 {
                lock.lock()
                let first = cursor
                let run = max(1, min(most, (batch.count - first) / max(1, 2 * threads)))
                cursor += run
                lock.unlock()
                guard first < batch.count else { return }
                for k in first..<min(batch.count, first + run) {
                    if interruptFlag.pointee != 0 { return }
                    let v = batch[k]
                    box.slots[k] = chain.run(v, grouping: groupings[v.groupingIndex].grouping)
                }
            }
        }
        var out: [VariantOutcome] = []
        for s in slots { guard let s else { break }; out.append(s) }
        return out
    }

    static func showProgress(done: Int, of total: Int, since start: UInt64) {
        guard isatty(2) != 0 else { return }
        let t = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = t > 0 ? Double(done) / t : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\u{1B}[Koffshore: \(done)/\(total) variants, \(String(format: "%.1f", rate))/s, \(formatDuration(left)) left"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func formatDuration(_ s: Double) -> String {
        let x = Int(s.rounded())
        return x >= 3600 ? "\(x / 3600)h\(String(format: "%02d", (x % 3600) / 60))m" : x >= 60 ? "\(x / 60)m\(String(format: "%02d", x % 60))s" : "\(x)s"
    }
}

/// Writes one commit of outcomes on its own thread (`start`), and hands its error back when waited for
/// (`finish`); one commit at a time.
private final class BackgroundWriter: @unchecked Sendable {
    private let db: ResultsDatabase
    private let queue = DispatchQueue(label: "offshore.sensitivity.writer")
    private let group = DispatchGroup()
    private var error: Error?

    init(_ db: ResultsDatabase) { self.db = db }

    /// Starts writing `outcomes` (the caller has waited for the commit before with `finish`).
    func start(_ outcomes: [VariantOutcome]) {
        group.enter()
        queue.async {
            do { try self.db.write(outcomes) } catch { self.error = error }
            self.group.leave()
        }
    }

    /// Waits for the commit under way, if any, and throws its error.
    func finish() throws {
        group.wait()
        if let e = error {
            error = nil
            throw e
        }
    }
}

/// Gives the workers of `concurrentPerform` access to the result slots; each worker writes distinct slots.
private final class SlotBox: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<VariantOutcome?>
    init(_ slots: UnsafeMutableBufferPointer<VariantOutcome?>) { self.slots = slots }
}
