import Foundation

/// How many worker threads the tool's parallel parts use (table loading, demeaning, sensitivity variants):
/// `OFFSHORE_THREADS` when it is set to a number in `allowed` (a larger number counts as the largest allowed),
/// else every core; a command's `--threads N` sets it for the run (checked by `checked(_:key:)`). Results never
/// depend on it: each task's arithmetic is the same whatever the split.
public enum Parallelism {
    /// The numbers of threads accepted: 1 to 1024 (more threads than that only cost memory and switching, and a
    /// number like 2^63 would overflow the batch sizes derived from it).
    public static let allowed: ClosedRange<Int> = 1...1024

    /// The number of worker threads (within `allowed`: a value set outside it is clamped).
    public static var threads: Int = fromEnvironment() ?? max(1, min(allowed.upperBound, ProcessInfo.processInfo.activeProcessorCount)) {
        didSet { threads = min(max(threads, allowed.lowerBound), allowed.upperBound) }
    }

    /// `OFFSHORE_THREADS` as a positive number (clamped to `allowed`), nil when unset, empty or not a positive number.
    public static func fromEnvironment() -> Int? {
        guard let s = ProcessInfo.processInfo.environment["OFFSHORE_THREADS"] else { return nil }
        let t = s.trimmingCharacters(in: .whitespaces)
        if let n = Int(t) { return n > 0 ? min(n, allowed.upperBound) : nil }
        // Digits beyond Int's range: as many threads as allowed.
        if !t.isEmpty && t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return allowed.upperBound }
        return nil
    }

    /// `n` when it is in `allowed`, else an `InputError` for option `key` saying what is accepted.
    public static func checked(_ n: Int, key: String = "--threads") throws -> Int {
        guard allowed.contains(n) else {
            throw InputError(key: key, "expected a number of threads from \(allowed.lowerBound) to \(allowed.upperBound), got \(n)")
        }
        return n
    }

    /// Workers for `tasks` independent tasks: `threads`, but no more than the tasks (and at least 1).
    public static func workers(for tasks: Int) -> Int { max(1, min(threads, tasks)) }
}
