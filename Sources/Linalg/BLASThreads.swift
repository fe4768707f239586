#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of threads the BLAS library (OpenBLAS) uses inside one call.
///
/// OpenBLAS's threads spin (`sched_yield`) while they wait for work: for the many small problems of a sensitivity
/// run, which is parallel across variants already, they only burn CPU. Setting one thread there makes every BLAS
/// call run on its caller's thread. A BLAS without `openblas_set_num_threads` is left as it is.
public enum BLASThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void

    /// Sets the BLAS threads per call; returns false when the BLAS library offers no way to.
    @discardableResult
    public static func set(_ n: Int) -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return false }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(max(1, n)))
        return true
    }
}
