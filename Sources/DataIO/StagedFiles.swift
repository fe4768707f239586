import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes several files as one step, as far as a file system allows: every file is first written (and flushed)
/// under a hidden staging folder, and only when all are written does `commit()` move them into place. A failure
/// while writing (disk full, a target that is a folder, an unwritable place) leaves the target as it was and no
/// temporary file behind. Every command that writes more than one file goes through this type.
///
/// Two placements:
/// - `init(into:)`: the staging folder lies inside the target folder and each file is renamed into place, one
///   rename each, beside the files already there (`convert`, `measure --report`, `report`). Only a crash during
///   the renames themselves (microseconds) could leave some files new and some old.
/// - `init(replacing:)`: the staging folder is a sibling of the target and becomes the target as a whole (run
///   folders): on Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`, so at every instant the
///   target is either the whole previous folder or the whole new one; where the file system cannot exchange, the
///   previous folder is moved aside and the new one renamed in (two renames), and a run killed between the two
///   is repaired by the next one: it moves the previous folder back before it starts.
///
/// Leftovers of runs that were killed (staging folders of a process that no longer exists) are removed when the
/// next stage for the same target starts.
///
/// A `StagedFiles` that is dropped without `commit()` removes its staging folder.
///
/// ```swift
/// try StagedFiles.write(texts: [("index.html", page), ("tables/t1.csv", csv)], into: "Reports/report-en")
/// ```
public final class StagedFiles {
    /// How the staged files reach the target.
    public enum Placement: Equatable, Sendable {
        /// Each file is renamed into the target folder; other files there stay.
        case into
        /// The staging folder replaces the target folder as a whole.
        case replacing
    }

    /// The folder the files are for.
    public let target: String
    /// The hidden folder the files are written into until `commit()`; files written there can be read back.
    public let staging: String
    /// How `commit()` moves the files into place.
    public let placement: Placement
    /// What the error messages call the target (`folder`, `run folder`).
    let kind: String
    /// Relative paths written so far, in order.
    private var paths: [String] = []
    private var committed = false

    /// Stages files for `folder` (created with its parents when missing); `commit()` renames each into it.
    /// - Throws: `InputError` naming the folder when it cannot be created or written into.
    public init(into folder: String) throws {
        let root = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        try AtomicFile.createDirectories(root)
        target = root
        placement = .into
        kind = "folder"
        Self.removeLeftovers(in: root, prefix: ".offshore-staging-")
        staging = root + "/.offshore-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o755) == 0 else {
            throw InputError(file: root, "cannot write into the folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Stages a whole new folder that replaces `folder` on `commit()`; its parent is created when missing.
    /// - Parameter kind: what error messages call the folder (`run folder`).
    /// - Throws: `InputError` naming the staging folder when it cannot be created.
    public init(replacing folder: String, kind: String = "folder") throws {
        let root = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let parent = AtomicFile.parentDirectory(of: root)
        try AtomicFile.createDirectories(parent)
        target = root
        placement = .replacing
        self.kind = kind
        let base = AtomicFile.baseName(of: root)
        Self.recoverInterruptedSwap(of: root)
        Self.removeLeftovers(in: parent, prefix: ".\(base).tmp-")
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        staging = Self.join(parent, ".\(base).tmp-\(tag)")
        guard mkdir(staging, 0o755) == 0 else {
            throw InputError(file: staging, "cannot create the \(kind): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if !committed || placement == .into { Self.removeTree(staging) }
    }

    /// Writes one file, `path` relative to the target (folders in it are created).
    /// - Throws: `InputError` naming the file when it cannot be written.
    public func write(_ path: String, bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: staging + "/" + path) }
        if !paths.contains(path) { paths.append(path) }
    }

    /// Writes one text file (UTF-8); see `write(_:bytes:)`.
    public func write(_ path: String, contents: String) throws {
        try AtomicFile.write(contents, to: staging + "/" + path)
        if !paths.contains(path) { paths.append(path) }
    }

    /// Carries over into the new folder (placement `.replacing` only) the entries of the previous folder at the target
    /// that this stage does not write and `keep` accepts (by top-level name), so that files a user put there survive the
    /// swap. Each kept file is hard-linked (copied where the file system refuses a link), folders are mirrored, symbolic
    /// links recreated: the previous folder is never emptied before the new one holds them. Call after the last
    /// `write` and before `commit()`.
    /// - Returns: the names kept, sorted (a folder's name ends in `/`).
    /// - Throws: `InputError` naming an entry that cannot be carried over (then nothing is replaced).
    public func carryOver(from previous: String? = nil, keep: (String) -> Bool) throws -> [String] {
        guard placement == .replacing else { return [] }
        let source = previous ?? target
        guard let names = FolderListing.names(in: source) else { return [] }
        let written = Set(paths.map { String($0.split(separator: "/").first ?? "") })
        var kept: [String] = []
        for name in names.sorted() where !written.contains(name) && !name.hasPrefix(".offshore-staging-") && keep(name) {
            let isFolder = try Self.mirror(Self.join(source, name), to: Self.join(staging, name))
            kept.append(isFolder ? name + "/" : name)
        }
        return kept
    }

    /// Mirrors `from` at `to`: a file hard-linked (or copied), a folder recreated with its entries mirrored, a
    /// symbolic link recreated. Returns true for a folder.
    private static func mirror(_ from: String, to: String) throws -> Bool {
        var st = stat()
        guard lstat(from, &st) == 0 else { throw InputError(file: from, "cannot keep it in the new folder: \(String(cString: strerror(errno)))") }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(to, st.st_mode & 0o7777) == 0 || errno == EEXIST else {
                throw InputError(file: to, "cannot keep the folder in the new folder: \(String(cString: strerror(errno)))")
            }
            for n in FolderListing.names(in: from) ?? [] { _ = try mirror(join(from, n), to: join(to, n)) }
            return true
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(from, &buffer, buffer.count - 1)
            guard n >= 0, symlink(buffer, to) == 0 else {
                throw InputError(file: from, "cannot keep the link in the new folder: \(String(cString: strerror(errno)))")
            }
            return false
        case S_IFREG:
            if link(from, to) == 0 { return false }
            guard let bytes = FileManager.default.contents(atPath: from) else {
                throw InputError(file: from, "cannot keep the file in the new folder: it cannot be read")
            }
            try [UInt8](bytes).withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: to) }
            return false
        default:
            throw InputError(file: from, "cannot keep it in the new folder (not a file, folder or link): move it out first")
        }
    }

    /// Moves the staged files into place (see `Placement`), once every file is written; a second call does nothing.
    /// - Throws: `InputError` naming the target when a file or the folder cannot be moved into place.
    public func commit() throws {
        guard !committed else { return }
        switch placement {
        case .into: try commitInto()
        case .replacing: try commitReplacing()
        }
        committed = true
    }

    private func commitInto() throws {
        // Every target's folder exists and no target is a folder before the first rename.
        for p in paths {
            let file = target + "/" + p
            try AtomicFile.createDirectories(AtomicFile.parentDirectory(of: file))
            var st = stat()
            if stat(file, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw InputError(file: file, "cannot write: a folder of that name is in the way")
            }
        }
        for p in paths {
            guard rename(staging + "/" + p, target + "/" + p) == 0 else {
                throw InputError(file: target + "/" + p, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func commitReplacing() throws {
        if fileExists(target), let exchange = Self.renameExchange, exchange(AT_FDCWD, staging, AT_FDCWD, target, 2 /* RENAME_EXCHANGE */) == 0 {
            Self.removeTree(staging)  // now the previous folder
            return
        }
        let parent = AtomicFile.parentDirectory(of: target)
        let old = Self.join(parent, ".\(AtomicFile.baseName(of: target)).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let hadOld = fileExists(target)
        if hadOld {
            guard rename(target, old) == 0 else {
                throw InputError(file: target, "cannot move the previous \(kind) aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging, target) == 0 else {
            let msg = String(cString: strerror(errno))
            if hadOld { _ = rename(old, target) }
            throw InputError(file: target, "cannot move the new \(kind) into place: \(msg)")
        }
        if hadOld { Self.removeTree(old) }
    }

    /// Writes `files` (paths relative to `folder`) into `folder` in one staged step (`init(into:)`, then `commit()`).
    /// - Throws: `InputError` naming the file that cannot be written or moved into place.
    public static func write(_ files: [(path: String, bytes: [UInt8])], into folder: String) throws {
        let stage = try StagedFiles(into: folder)
        for f in files { try stage.write(f.path, bytes: f.bytes) }
        try stage.commit()
    }

    /// Writes text files; see `write(_:into:)`.
    public static func write(texts files: [(path: String, contents: String)], into folder: String) throws {
        let stage = try StagedFiles(into: folder)
        for f in files { try stage.write(f.path, contents: f.contents) }
        try stage.commit()
    }

    /// Removes `path` and everything under it (no error when it is gone).
    static func removeTree(_ path: String) {
        guard let names = FolderListing.names(in: path) else { unlink(path); return }
        for n in names {
            let p = path + "/" + n
            var st = stat()
            if lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { removeTree(p) } else { unlink(p) }
        }
        rmdir(path)
    }

    /// Linux's `renameat2`, looked up at run time (Glibc's Swift overlay does not declare it); nil elsewhere.
    static let renameExchange: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// The process id in a leftover's name `<prefix><pid>-<random>`, nil when the name is not of that form.
    static func processID(inLeftover name: String, prefix: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { return nil }
        return pid
    }

    /// True when the process `pid` still runs (a leftover of a live process belongs to a run under way).
    static func isAlive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// Removes the staging folders `<prefix><pid>-*` in `folder` whose process no longer runs.
    static func removeLeftovers(in folder: String, prefix: String) {
        for name in FolderListing.names(in: folder) ?? [] {
            guard let pid = processID(inLeftover: name, prefix: prefix), !isAlive(pid) else { continue }
            removeTree(join(folder, name))
        }
    }

    /// A run killed between the two renames of a swap left no `target` and the previous folder as
    /// `.<name>.old-<pid>-*`: moves it back (the newest such folder; when `target` exists, dead ones are removed).
    static func recoverInterruptedSwap(of target: String) {
        let parent = AtomicFile.parentDirectory(of: target)
        let prefix = ".\(AtomicFile.baseName(of: target)).old-"
        for name in (FolderListing.names(in: parent) ?? []).sorted() {
            guard let pid = processID(inLeftover: name, prefix: prefix), !isAlive(pid) else { continue }
            let path = join(parent, name)
            if !fileExists(target) && rename(path, target) == 0 {
                noteOnStandardError("\(target) was left aside by an interrupted run; moved back")
            } else {
                removeTree(path)
            }
        }
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
}

/// Writes `offshore: note: <text>` and a newline to standard error (outside `StagedFiles`, whose `write` methods
/// would shadow the C function).
private func noteOnStandardError(_ text: String) {
    var line = "offshore: note: \(text)\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
