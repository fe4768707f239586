import DataIO
import Foundation

/// Two run folders compared file by file: byte for byte, and where bytes differ, as texts whose numbers may differ
/// in their last digits within a relative tolerance (`NumericTextComparison`: OpenBLAS picks its kernels for the
/// processor at run time, so a number printed with 17 digits can move in its last digits between machines).
public struct RunFolderComparison {
    /// The relative tolerance `offshore verify` uses by default: numbers agree to 9 significant digits.
    public static let defaultTolerance = 1e-9

    /// One line per difference: a file missing on either side, or the first differing line of a file.
    public var differences: [String] = []
    /// Files present on both sides and identical.
    public var identical = 0
    /// Files that differ only in numbers that agree within the tolerance.
    public var withinTolerance = 0
    /// The largest relative difference between numbers of the files counted in `withinTolerance` (0 when none).
    public var largestRelativeDifference = 0.0
    /// Files looked at (the union of both sides).
    public var compared = 0
    /// Folders of the recorded run that are not part of it (reports rendered later by `offshore report`).
    public var skipped: [String] = []

    /// Compares every file under `recorded` with the one under `fresh` of the same relative path.
    /// - Parameter relativeTolerance: how far numbers may differ, relative to the larger; 0 asks for identical bytes.
    /// - Throws: `InputError` naming a folder that cannot be listed or a file that cannot be read.
    public init(recorded: String, fresh: String, relativeTolerance: Double = RunFolderComparison.defaultTolerance) throws {
        let fm = FileManager.default
        func files(_ root: String) throws -> [String] {
            guard let all = fm.enumerator(atPath: root) else { throw InputError(file: root, "cannot list the folder") }
            var out: [String] = []
            while let p = all.nextObject() as? String {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
            }
            return out.sorted()
        }
        let made = try files(fresh)
        var old = try files(recorded)
        // `offshore report RUN_DIR` writes RUN_DIR/report-<lang>/ by default: a later rendering, not the run.
        let rendered = Set(old.compactMap { p -> String? in
            let top = p.split(separator: "/").first.map(String.init) ?? p
            return top.hasPrefix("report-") && p.contains("/") && !made.contains(where: { $0.hasPrefix(top + "/") }) ? top : nil
        })
        skipped = rendered.sorted().map { "\($0)/ (written by offshore report, not part of the run)" }
        old = old.filter { p in !rendered.contains(where: { p.hasPrefix($0 + "/") }) }
        let madeSet = Set(made), oldSet = Set(old)
        for p in Array(madeSet.union(oldSet)).sorted() {
            compared += 1
            guard oldSet.contains(p) else { differences.append("\(p): missing from the run folder (the run makes it now)"); continue }
            guard madeSet.contains(p) else { differences.append("\(p): in the run folder, but the run does not make it now"); continue }
            guard let a = fm.contents(atPath: recorded + "/" + p) else { throw InputError(file: recorded + "/" + p, "cannot read the file") }
            guard let b = fm.contents(atPath: fresh + "/" + p) else { throw InputError(file: fresh + "/" + p, "cannot read the file") }
            if a == b { identical += 1; continue }
            let x = [UInt8](a), y = [UInt8](b)
            if relativeTolerance > 0, case .withinTolerance(let largest) = NumericTextComparison.compare(x, y, relativeTolerance: relativeTolerance) {
                withinTolerance += 1
                largestRelativeDifference = max(largestRelativeDifference, largest)
                continue
            }
            differences.append(Self.firstDifference(p, recorded: x, now: y))
        }
    }

    /// `file: line N differs` with the recorded line and the line made now (each cut at 200 characters).
    static func firstDifference(_ name: String, recorded: [UInt8], now: [UInt8]) -> String {
        let a = lines(recorded), b = lines(now)
        var k = 0
        while k < a.count && k < b.count && a[k] == b[k] { k += 1 }
        func show(_ ls: [ArraySlice<UInt8>], _ k: Int) -> String {
            guard k < ls.count else { return "(end of file)" }
            let s = String(decoding: ls[k], as: UTF8.self)
            return s.count > 200 ? String(s.prefix(200)) + "..." : s
        }
        return "\(name): line \(k + 1) differs\n  recorded: \(show(a, k))\n  now:      \(show(b, k))"
    }

    /// The lines of `bytes` (split at "\n"; a final newline makes no empty last line).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] { NumericTextComparison.lines(bytes) }

    /// The verdict line of a comparison without differences: `N files identical`, and where some files differ only
    /// in the last digits of numbers, how many and by how much at most.
    public var agreement: String {
        guard withinTolerance > 0 else { return "\(identical) files identical" }
        let largest = NumberText.short(largestRelativeDifference)
        return "\(identical) files identical, \(withinTolerance) equal but for numbers that differ in their last digits "
            + "(largest relative difference \(largest); BLAS kernels differ between processors)"
    }
}
