import Foundation

/// The committed corpora: `Tests/FuzzCorpus/<harness>/` (seeds and what fuzzing found interesting) and
/// `Tests/FuzzCorpus/regressions/<harness>/` (inputs that once crashed a reader).
public enum FuzzCorpus {
    /// The regular files named by `paths`, folders expanded recursively, in sorted order (hidden files and paths
    /// that do not exist skipped).
    public static func files<S: Sequence>(_ paths: S) -> [String] where S.Element == String {
        var out: [String] = []
        for p in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue { out.append(p); continue }
            let entries = (FileManager.default.enumerator(atPath: p)?.allObjects as? [String]) ?? []
            for e in entries.sorted() where !e.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                let full = (p as NSString).appendingPathComponent(e)
                var d: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue { out.append(full) }
            }
        }
        return out
    }

    /// The corpus folders of `harness` under `root` (the `Tests/FuzzCorpus` folder) that exist.
    public static func folders(of harness: FuzzHarness, root: String) -> [String] {
        [root + "/" + harness.rawValue, root + "/regressions/" + harness.rawValue].filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && d.boolValue
        }
    }
}
