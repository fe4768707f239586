#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hints to the kernel about large buffers (columns of millions of rows).
public enum LargeMemory {
    /// Buffers smaller than this are left alone (a huge page is 2 MB; a few of them are not worth a system call).
    public static let hugePageThreshold = 8 << 20

    /// Asks Linux to back the whole 2 MB pages inside `bytes` at `p` with transparent huge pages
    /// (`madvise(MADV_HUGEPAGE)`), before the buffer is first written: one page fault and one clearing per 2 MB
    /// instead of 512 of each. Only a hint: ignored elsewhere, below `hugePageThreshold`, or when the system
    /// has huge pages switched off; the contents are the same either way.
    public static func adviseHugePages(_ p: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= hugePageThreshold else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: p) + huge - 1) / huge * huge
        let end = (Int(bitPattern: p) + bytes) / huge * huge
        guard end > start, let q = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(q, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }
}
