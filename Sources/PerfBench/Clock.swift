#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall and CPU clocks, peak memory and small formatting helpers for the performance figures.
enum Clock {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds used by the process (all threads).
    static func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Peak resident memory of this process so far, in MB (Linux `ru_maxrss` is in kB).
    static func peakMB() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }

    /// Runs `body` and returns its result with the wall and CPU seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
        let t0 = now(), c0 = cpu()
        let r = try body()
        return (r, now() - t0, cpu() - c0)
    }
}

/// `v` rounded to `d` decimals, as text.
func fmt(_ v: Double, _ d: Int = 3) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    return "\((v * scale).rounded() / scale)"
}

/// Writes to standard error.
func printError(_ s: String) {
    var s = s + "\n"
    s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Size of a file in bytes (0 when it cannot be read).
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}
