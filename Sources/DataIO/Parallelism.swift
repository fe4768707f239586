import Foundation

/// How many worker threads the tool's parallel parts use (table loading, demeaning, sensitivity variants):
/// `OFFSHORE_THREADS` when it is set to a positive number, else every core; a command's `--threads N` sets it
/// for the run. Results never depend on it: each task's arithmetic is the same whatever the split.
public enum Parallelism {
    /// The number of worker threads (at least 1).
    public static var threads: Int = fromEnvironment() ?? max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `OFFSHORE_THREADS` as a positive number, nil when unset, empty or not a positive number.
    public static func fromEnvironment() -> Int? {
        guard let s = ProcessInfo.processInfo.environment["OFFSHORE_THREADS"], let n = Int(s), n > 0 else { return nil }
        return n
    }

    /// Workers for `tasks` independent tasks: `threads`, but no more than the tasks (and at least 1).
    public static func workers(for tasks: Int) -> Int { max(1, min(threads, tasks)) }
}
