import DataIO

/// An Excel workbook (.xlsx, Office Open XML SpreadsheetML) opened for reading: its sheets by name, and a sheet's
/// cells (`Sheet`).
///
/// Layout (ECMA-376 Part 1 and Part 2, Open Packaging Conventions): a zip archive whose `_rels/.rels` names the
/// workbook part (`xl/workbook.xml` by convention); the workbook lists its sheets (`<sheet name= r:id=>`) in tab order,
/// and its relationships part (`xl/_rels/workbook.xml.rels`) maps each `r:id` to the sheet's part and names the shared
/// strings part. Every problem is an `InputError` naming the file (and the part, sheet or cell): a file that is not a
/// zip archive, a corrupt entry (its CRC-32 is checked), a part larger than `maximumPartSize` once uncompressed (a zip
/// bomb is stopped while it inflates), malformed XML. The whole file is read into memory (workbooks are small next to
/// their inflated sheets); each sheet is inflated and parsed when asked for.
public final class Workbook {
    /// The path as given.
    public let path: String
    /// The sheets' names, in the workbook's tab order.
    public let sheetNames: [String]
    /// The largest uncompressed size of one part that is read (512 MiB by default).
    public let maximumPartSize: Int
    private let archive: ZipArchive
    private var sheetParts: [String: String] = [:]
    private let sharedStringsPart: String?
    private var sharedStringsCache: [String]?

    /// Opens the workbook at `path`.
    /// - Parameter maximumPartSize: the largest uncompressed size (bytes) of one part; larger parts are refused.
    public init(path: String, maximumPartSize: Int = 512 << 20) throws {
        self.path = path
        self.maximumPartSize = maximumPartSize
        let archive = try ZipArchive(path: path)
        self.archive = archive
        // The workbook part: from the package relationships, else the conventional name.
        var workbookPart = "xl/workbook.xml"
        if archive.entries["_rels/.rels"] != nil {
            for rel in try Self.relationships(Self.read(archive, "_rels/.rels", path: path, cap: maximumPartSize), part: "_rels/.rels", path: path)
            where rel.type.hasSuffix("/officeDocument") {
                workbookPart = Self.resolve(rel.target, relativeTo: "")
            }
        }
        guard archive.entries[workbookPart] != nil else {
            throw InputError(file: path, "not an .xlsx workbook: the zip archive holds no \(workbookPart) part")
        }
        let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        var targets: [String: String] = [:]
        var shared: String?
        if archive.entries[relsPart] != nil {
            for rel in try Self.relationships(Self.read(archive, relsPart, path: path, cap: maximumPartSize), part: relsPart, path: path) {
                let target = Self.resolve(rel.target, relativeTo: folder)
                targets[rel.id] = target
                if rel.type.hasSuffix("/sharedStrings") { shared = target }
            }
        }
        sharedStringsPart = shared
        // Sheets in tab order.
        var names: [String] = []
        var scanner = XMLScanner(try Self.read(archive, workbookPart, path: path, cap: maximumPartSize), place: "\(path): \(workbookPart)")
        while let e = try scanner.next() {
            guard case .start(let name, let attributes, _) = e, name == "sheet" else { continue }
            guard let sheetName = attributes.first(where: { $0.name == "name" })?.value else {
                throw scanner.error("a <sheet> without a name")
            }
            // The relationship id is `r:id` (any prefix bound to the relationships namespace; openpyxl and Excel use `r`).
            guard let id = attributes.first(where: { $0.name.hasSuffix(":id") })?.value, let target = targets[id] else {
                throw InputError(file: path, "sheet '\(sheetName)' has no part: its relationship id is missing from \(relsPart)")
            }
            names.append(sheetName)
            sheetParts[sheetName] = target
        }
        sheetNames = names
    }

    /// The sheet named `name` (exact, as in its tab), read whole.
    public func sheet(named name: String) throws -> Sheet {
        guard let part = sheetParts[name] else {
            throw InputError(file: path, "no sheet '\(name)' (sheets: \(sheetNames.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        let bytes = try Self.read(archive, part, path: path, cap: maximumPartSize)
        return try Sheet(bytes: bytes, part: part, workbook: path, name: name, sharedStrings: sharedStrings())
    }

    /// The shared-string table (ECMA-376 Part 1, 18.4: `<sst>` of `<si>` items, each a plain `<t>` or rich-text runs
    /// `<r><t>`; phonetic runs `<rPh>` are not part of the text), read once.
    public func sharedStrings() throws -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        var out: [String] = []
        if let part = sharedStringsPart, archive.entries[part] != nil {
            var scanner = XMLScanner(try Self.read(archive, part, path: path, cap: maximumPartSize), place: "\(path): \(part)")
            var current: String?
            var inPhonetic = 0
            while let e = try scanner.next() {
                switch e {
                case .start(let name, _, let selfClosing):
                    if name == "si" {
                        if selfClosing { out.append("") } else { current = "" }
                    } else if name == "rPh" && !selfClosing {
                        inPhonetic += 1
                    } else if name == "t" && !selfClosing {
                        let t = try scanner.textContent()
                        if inPhonetic == 0 && current != nil { current? += t }
                    }
                case .end(let name):
                    if name == "si", let c = current { out.append(c); current = nil }
                    if name == "rPh" { inPhonetic -= 1 }
                case .text: break
                }
            }
        }
        sharedStringsCache = out
        return out
    }

    // MARK: - Parts

    /// One part's bytes, uncompressed, at most `cap` of them.
    static func read(_ archive: ZipArchive, _ part: String, path: String, cap: Int) throws -> [UInt8] {
        try archive.read(part, cap: cap)
    }

    /// A relationships part's `<Relationship Id= Type= Target=>` entries.
    static func relationships(_ bytes: [UInt8], part: String, path: String) throws -> [(id: String, type: String, target: String)] {
        var scanner = XMLScanner(bytes, place: "\(path): \(part)")
        var out: [(id: String, type: String, target: String)] = []
        while let e = try scanner.next() {
            guard case .start(let name, let attributes, _) = e, name == "Relationship" else { continue }
            func value(_ key: String) -> String { attributes.first(where: { $0.name == key })?.value ?? "" }
            if value("TargetMode") == "External" { continue }
            out.append((value("Id"), value("Type"), value("Target")))
        }
        return out
    }

    /// A relationship target as a part name: absolute (`/xl/worksheets/sheet1.xml`) or relative to the source part's
    /// folder, with `..` resolved (ECMA-376 Part 2, 9.3).
    static func resolve(_ target: String, relativeTo folder: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for c in target.split(separator: "/") {
            if c == ".." { _ = components.popLast() } else if c != "." { components.append(c) }
        }
        return components.joined(separator: "/")
    }
}
