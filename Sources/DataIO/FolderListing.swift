#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The names in a folder, without `.` and `..`, in the order the file system gives them (sort them where order
/// matters). One listing for every reader that takes a folder of files and for the staging of outputs.
public enum FolderListing {
    /// The names in `folder`, or nil when it cannot be opened as a folder (missing, not a folder, no permission;
    /// `errno` says which).
    public static func names(in folder: String) -> [String]? {
        guard let d = opendir(folder) else { return nil }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// The names in `folder`.
    /// - Throws: `InputError` naming the folder when it cannot be listed.
    public static func names(inFolder folder: String) throws -> [String] {
        guard let names = names(in: folder) else {
            throw InputError(file: folder, "cannot list the folder: \(String(cString: strerror(errno)))")
        }
        return names
    }

    /// `name` inside `folder` (one slash between them).
    public static func path(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
