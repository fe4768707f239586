import Dispatch
import Foundation

/// The shared state of a run's workers: workers take runs of consecutive variants from one cursor (no batch to
/// wait at the end of), put each outcome in its slot of a ring, and whoever finishes the variant at the front of
/// the ring moves the finished prefix, in grid order, to the commit being gathered. A due commit joins a queue of
/// commits, and the worker that finds the queue waiting and nobody writing writes it (and any queued behind it)
/// before it computes again: one writer at a time, commits in order. The rows therefore reach the database in the
/// same order however many workers there are and however their variants interleave.
///
/// The workers write, not a thread of its own: `--threads N` is N threads' worth of work, writing included, so a
/// run on one core (a Slurm task with one CPU) is one thread, and N workers on N cores share the writing evenly
/// instead of N + 1 threads competing for N cores.
///
/// Memory is bounded: a worker does not take a variant more than `window` places past the last variant written
/// (the ring, the commit being gathered and the queued commits together hold at most `window` variants' outcomes);
/// a worker that finds the window full writes what is waiting, or waits for the one writing.
final class VariantQueue: @unchecked Sendable {
    /// The variants to compute, in the order their rows are written.
    let todo: [Variant]
    /// At most this many variants are taken and not yet committed.
    let window: Int
    /// A commit is due after this many seconds since the one before (or once the commit holds `commitSize`).
    let commitInterval: Double
    /// A commit is due once it holds this many variants.
    let commitSize: Int
    /// A commit is also due once it holds this many variants and nobody is writing (group commit: rows are
    /// written while the run goes on, not all after the last variant of a short run; a sync costs about 1 ms here,
    /// so 64 variants a commit keep it under 2 % of the run).
    let groupCommitSize: Int
    /// Due commits not yet written, in order.
    private var queued: [[VariantOutcome]] = []
    /// A worker is writing.
    private var writing = false
    private let threads: Int
    /// For each variant, the index just past the last variant with its measures (variants of one measure set are
    /// consecutive in the grid's order); nil: runs ignore measure sets.
    private let setEnds: [Int]?
    private let condition = NSCondition()
    private var ring: [VariantOutcome?]
    /// The next variant a worker takes.
    private var cursor = 0
    /// Variants before `front` have left the ring (into a commit).
    private var front = 0
    /// Variants committed by the writer (their rows are in the database).
    private var written = 0
    /// Outcomes gathered for the next commit, in order.
    private var gathering: [VariantOutcome] = []
    private var lastCommit = DispatchTime.now().uptimeNanoseconds
    private var committedOnce = false
    /// Set by an interrupt or a failed commit: workers take no new variant.
    private var stopping = false
    private var writerError: Error?
    private let write: ([VariantOutcome]) throws -> Void
    private let progress: ((Int) -> Void)?
    /// Outcomes moved out of the ring so far (computed and in order), and those with a failure.
    private(set) var gathered = 0
    private(set) var withFailures = 0

    /// A queue over `todo` for `threads` workers; `write` commits outcomes (called by one worker at a time, commits
    /// in order); `progress` is told the count of outcomes gathered, on a worker's thread.
    init(todo: [Variant], threads: Int, window: Int, commitInterval: Double, commitSize: Int, groupCommitSize: Int = 64,
         measureSets: [Int]? = nil,
         write: @escaping ([VariantOutcome]) throws -> Void, progress: ((Int) -> Void)? = nil) {
        self.todo = todo
        setEnds = measureSets.map(Self.setEnds)
        self.threads = max(1, threads)
        self.window = max(1, window)
        self.commitInterval = commitInterval
        self.commitSize = max(1, min(commitSize, window))
        self.groupCommitSize = max(1, min(groupCommitSize, self.commitSize))
        self.write = write
        self.progress = progress
        ring = Array(repeating: nil, count: min(self.window, max(1, todo.count)))
    }

    /// For measure-set ids (one per variant, equal ids consecutive), the index just past each variant's set.
    static func setEnds(_ sets: [Int]) -> [Int] {
        var ends = Array(repeating: sets.count, count: sets.count)
        var k = sets.count - 1
        while k > 0 {
            if sets[k - 1] != sets[k] { ends[k - 1] = k } else { ends[k - 1] = ends[k] }
            k -= 1
        }
        return ends
    }

    /// The next run of variants for a worker (indices into `todo`), or nil when there is none left or the run is
    /// stopping. Runs are consecutive variants, about 8, shrinking towards the end of the list (at most what is
    /// left over twice the workers) so that the workers finish together. With measure sets, a run is the rest of
    /// one measure set (up to 64 variants), or whole sets up to 8 variants: variants of one set share their
    /// measures and the estimations their settings leave the same, which one worker then computes once instead of
    /// two workers computing them side by side. Waits while the window is full.
    func take(stop: () -> Bool) -> Range<Int>? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopping || stop() { stopping = true; return nil }
            guard cursor < todo.count else { return nil }
            let room = written + window - cursor
            if room > 0 {
                let tail = max(1, (todo.count - cursor) / (2 * threads))
                var run = max(1, min(8, room, tail))
                if let ends = setEnds {
                    let rest = ends[cursor] - cursor
                    if rest >= run {
                        run = max(1, min(rest, 64, room, tail))
                    } else {
                        var end = ends[cursor]
                        while end < cursor + run && ends[end] <= cursor + run { end = ends[end] }
                        run = end - cursor
                    }
                }
                defer { cursor += run }
                return cursor..<cursor + run
            }
            // The window is full: write what waits (the commit being gathered too, due or not), or wait for the
            // worker writing, or for the workers computing the variants before the front.
            if !writing {
                if !gathering.isEmpty { queueGathered(now: DispatchTime.now().uptimeNanoseconds) }
                if !queued.isEmpty { writeQueued(); continue }
            }
            condition.wait()
        }
    }

    /// Stores the outcome of variant `k`; when it is the front of the ring, moves the finished prefix into the
    /// commit being gathered and queues the commit when it is due; then, when commits wait and nobody is writing,
    /// writes them before returning.
    func finish(_ k: Int, _ outcome: VariantOutcome) {
        condition.lock()
        defer { condition.unlock() }
        ring[k % ring.count] = outcome
        guard k == front else { return }
        while front < cursor, let o = ring[front % ring.count] {
            ring[front % ring.count] = nil
            gathering.append(o)
            if !o.failures.isEmpty { withFailures += 1 }
            front += 1
        }
        gathered = front
        let now = DispatchTime.now().uptimeNanoseconds
        // The first outcome is committed at once, so that a resumable database exists early.
        if !committedOnce || gathering.count >= commitSize || Double(now - lastCommit) / 1e9 >= commitInterval
            || (!writing && gathering.count >= groupCommitSize) {
            queueGathered(now: now)
        }
        progress?(front)
        if !writing && !queued.isEmpty { writeQueued() }
    }

    /// Stops the workers taking new variants (an interrupt).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// After the workers have returned: commits what is gathered (the finished prefix; outcomes after a gap left
    /// by an interrupt are dropped, so the database stays in order) and throws the error of a failed commit.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while writing { condition.wait() }
        queueGathered(now: DispatchTime.now().uptimeNanoseconds)
        writeQueued()
        if let e = writerError { throw e }
    }

    /// Whether the workers were stopped (interrupt or failed commit) before the list was done.
    var stopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Queues the gathered outcomes as a commit (called with the lock held).
    private func queueGathered(now: UInt64) {
        guard !gathering.isEmpty, writerError == nil else { return }
        queued.append(gathering)
        gathering = []
        lastCommit = now
        committedOnce = true
    }

    /// Writes the queued commits in order, as the one writer (called with the lock held and nobody writing; the
    /// lock is released while a commit is written, so the other workers go on). A failed commit stops the run:
    /// the commits behind it are dropped and the workers take no new variant.
    private func writeQueued() {
        writing = true
        while !queued.isEmpty {
            let commit = queued.removeFirst()
            guard writerError == nil else { continue }
            condition.unlock()
            var failed: Error?
            do { try write(commit) } catch { failed = error }
            condition.lock()
            if let failed {
                writerError = failed
                stopping = true
            }
            written += commit.count
            // What the workers gathered meanwhile goes next, when it is enough for a commit of its own.
            if queued.isEmpty && gathering.count >= groupCommitSize && !stopping { queueGathered(now: DispatchTime.now().uptimeNanoseconds) }
        }
        writing = false
        condition.broadcast()
    }
}
