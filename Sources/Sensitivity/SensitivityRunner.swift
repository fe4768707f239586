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
    /// At most this many variants are computed and not yet committed (bounds the memory of waiting rows); a
    /// commit holds at most half of them. Tests make it small to exercise the queue.
    var queueWindow = 4096
    /// Seconds between commits while a run goes on (tests: 0, a commit whenever the front variant finishes).
    var commitInterval = 0.5

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
    /// Variants are computed by `options.threads` workers that take runs of consecutive variants from one queue
    /// (`VariantQueue`: no batch barrier, so a worker never waits for another's slow variant; a run is one measure
    /// set's variants, which share their measures and fits); the finished ones are committed in grid order by the
    /// workers themselves, one writing at a time while the others compute (every 64 variants, at the latest every
    /// half second), so `threads` is the run's whole demand for cores, writing included; every variant's
    /// rows with its `done` flag in the same transaction, so the database holds the same rows in the same order
    /// for any number of threads. Memory stays bounded: at most `queueWindow` (4,096) variants are computed and
    /// not yet committed. A SIGINT lets the running variants finish, writes the finished ones that follow the
    /// last commit without a gap and returns (`stoppedEarly`); a second SIGINT ends the process.
    public static func run(grid: SensitivityGrid, chain: SensitivityChain, databasePath: String,
                           options: RunOptions) throws -> SensitivityRunSummary {
        try chain.validate(grid)
        chain.vcovChoices = grid.vcov
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
        interruptFlag.pointee = 0
        let previous = signal(SIGINT) { _ in
            if interruptFlag.pointee != 0 { _exit(130) }
            interruptFlag.pointee = 1
        }
        defer { signal(SIGINT, previous) }

        let start = DispatchTime.now().uptimeNanoseconds
        // Workers take variants from one queue (no batches to wait at the end of); finished outcomes are committed
        // in grid order by whichever worker finds a commit due and nobody writing (every 64 variants, at the latest
        // every half second; each commit syncs the database to disk, about 1 ms here): an interrupted run loses at
        // most the uncommitted half second. Writing costs about 0.15 ms of CPU a variant, shared by the workers.
        var lastProgress: UInt64 = 0
        // Variants of one measure set (consecutive in the grid's order) go to one worker together.
        var setIDs: [String: Int] = [:]
        let sets = todo.map { v in
            let key = SensitivityChain.measureKey(v, groupings[v.groupingIndex].grouping)
            if let id = setIDs[key] { return id }
            setIDs[key] = setIDs.count
            return setIDs.count - 1
        }
        let queue = VariantQueue(todo: todo, threads: threads, window: options.queueWindow,
                                 commitInterval: options.commitInterval, commitSize: options.queueWindow / 2, measureSets: sets,
                                 write: { try db.write($0) },
                                 progress: options.progress ? { done in
                                     let now = DispatchTime.now().uptimeNanoseconds
                                     guard now - lastProgress >= 100_000_000 || done == todo.count else { return }
                                     lastProgress = now
                                     showProgress(done: done, of: todo.count, since: start)
                                 } : nil)
        work(queue, chain: chain, groupings: groupings, threads: threads)
        try queue.drain()
        let computed = queue.gathered, withFailures = queue.withFailures
        if queue.stopped && computed < todo.count { stoppedEarly = true }
        try db.finishWriting()
        if options.progress && !todo.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return SensitivityRunSummary(gridVariants: variants.count, shardVariants: mine.count, alreadyDone: done.intersection(Set(mine.map(\.id))).count,
                          computed: computed, withFailures: withFailures, stoppedEarly: stoppedEarly, interrupted: interruptFlag.pointee != 0,
                          seconds: seconds, createdMissingTables: db.createdMissingTables)
    }

    /// Runs `threads` workers on `queue` until it is empty or an interrupt stops them (each worker ends the
    /// variant it is computing, and takes no other). The calling thread is one worker; the others are threads
    /// of their own (with the 8 MB stack of a main thread), so that every worker runs from the start whatever
    /// else the dispatch pool is busy with. The workers also write the commits (`VariantQueue`).
    static func work(_ queue: VariantQueue, chain: SensitivityChain, groupings: [NamedGrouping], threads: Int) {
        let todo = queue.todo
        let worker = WorkerBody {
            while let run = queue.take(stop: { interruptFlag.pointee != 0 }) {
                for k in run {
                    if interruptFlag.pointee != 0 { queue.stop(); return }
                    let v = todo[k]
                    queue.finish(k, chain.run(v, grouping: groupings[v.groupingIndex].grouping))
                }
            }
        }
        let finished = DispatchGroup()
        for _ in 1..<max(1, min(threads, todo.count)) {
            finished.enter()
            let t = Thread {
                worker.run()
                finished.leave()
            }
            t.stackSize = 8 << 20
            t.start()
        }
        worker.run()
        finished.wait()
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

/// A worker's loop, shared by the runner's threads.
private final class WorkerBody: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
