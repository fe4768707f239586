import DataIO

/// What a product counts as in offshoring measures (METHOD.md, section 1).
public enum ProductCategory: String, CaseIterable, Sendable {
    /// Manufactured goods: imported ones are materials offshoring (om).
    case manufactured
    /// Business services: imported ones are services offshoring (os).
    case businessServices = "business_services"
    /// Energy: never offshoring, and left out of the `nonenergy` denominator.
    case energy
    /// Everything else (raw materials, construction, trade, transport, public services): never offshoring.
    case other
}

/// A named set of using industries whose offshoring is reported as a ratio of sums (e.g. manufacturing).
public struct IndustryAggregate: Sendable, Equatable {
    /// Short name used in tidy output (`manufacturing`).
    public var name: String
    /// Human label for tables (`Manufacturing`).
    public var label: String
    /// Industry codes, in the order given.
    public var industries: [String]

    /// An aggregate.
    public init(name: String, label: String, industries: [String]) {
        self.name = name
        self.label = label
        self.industries = industries
    }
}

/// A product classification for offshoring measures, read from a TOML file: each product's category and the
/// named aggregates of using industries. See `SupplyUseTables/classifications/wiod2013.toml`.
///
/// File format:
/// ```toml
/// [classification]
/// name = "..."                      # optional
/// [categories]                      # every product in exactly one category
/// manufactured = ["c3", ...]
/// business_services = ["c27", ...]
/// energy = ["c2", ...]
/// other = ["c1", ...]
/// [[aggregate]]                     # any number, reported in this order
/// name = "manufacturing"
/// label = "Manufacturing"           # optional, defaults to name
/// industries = ["c3", ...]
/// ```
public struct Classification: Sendable {
    /// A descriptive name.
    public var name: String
    /// Product codes in the order listed in the file.
    public var products: [String]
    /// Category of each product.
    public var categories: [String: ProductCategory]
    /// Aggregates of using industries.
    public var aggregates: [IndustryAggregate]
    /// The file it came from (for messages).
    public var source: String

    /// A classification built in code (tests, other front ends). Throws when a product is listed twice or an
    /// aggregate name repeats.
    public init(name: String = "", categories: [(String, ProductCategory)], aggregates: [IndustryAggregate] = [],
                source: String = "<classification>") throws {
        self.name = name
        self.source = source
        products = []
        self.categories = [:]
        for (p, c) in categories {
            if let old = self.categories[p] {
                throw InputError(file: source, key: p, "product listed twice, in \(old.rawValue) and \(c.rawValue)")
            }
            self.categories[p] = c
            products.append(p)
        }
        if let d = firstDuplicate(aggregates.map(\.name)) { throw InputError(file: source, key: d, "duplicate aggregate name") }
        self.aggregates = aggregates
    }

    /// Loads a classification file; unknown keys, wrong types, a product in two categories, an empty or
    /// duplicated aggregate are errors naming the file, line and key.
    public static func load(path: String) throws -> Classification {
        let doc = try TOMLDocument(path: path)
        let root = doc.root
        try root.rejectUnknownKeys(allowed: ["classification", "categories", "aggregate"])
        var name = ""
        if let meta = try root.section("classification") {
            try meta.rejectUnknownKeys(allowed: ["name", "description"])
            name = try meta.string("name") ?? ""
            _ = try meta.string("description")
        }
        guard let cats = try root.section("categories") else {
            throw InputError(file: path, key: "categories", "missing [categories] table (product lists for manufactured, business_services, energy, other)")
        }
        try cats.rejectUnknownKeys(allowed: ProductCategory.allCases.map(\.rawValue))
        var list: [(String, ProductCategory)] = []
        var where_: [String: ProductCategory] = [:]
        for c in ProductCategory.allCases {
            for p in try cats.strings(c.rawValue) ?? [] {
                if let old = where_[p] {
                    throw cats.error(c.rawValue, "product '\(p)' is already in \(old.rawValue); a product belongs to one category")
                }
                where_[p] = c
                list.append((p, c))
            }
        }
        if list.isEmpty { throw cats.error("manufactured", "no products classified") }
        var aggregates: [IndustryAggregate] = []
        for (k, a) in (try root.sections("aggregate") ?? []).enumerated() {
            try a.rejectUnknownKeys(allowed: ["name", "label", "industries"])
            let line = lineOfArrayTable("aggregate", index: k, in: doc.text)
            guard let n = try a.string("name"), !n.isEmpty else {
                throw InputError(file: path, line: line, key: "aggregate.name", "each [[aggregate]] needs a name")
            }
            guard let inds = try a.strings("industries"), !inds.isEmpty else {
                throw InputError(file: path, line: line, key: "aggregate.industries", "aggregate '\(n)' needs a non-empty list of industries")
            }
            if let d = firstDuplicate(inds) {
                throw InputError(file: path, line: line, key: "aggregate.industries", "industry '\(d)' is listed twice in aggregate '\(n)'")
            }
            for i in inds where where_[i] == nil {
                throw InputError(file: path, line: line, key: "aggregate.industries", "industry '\(i)' of aggregate '\(n)' is not a classified product")
            }
            if aggregates.contains(where: { $0.name == n }) {
                throw InputError(file: path, line: line, key: "aggregate.name", "duplicate aggregate name '\(n)'")
            }
            aggregates.append(IndustryAggregate(name: n, label: try a.string("label") ?? n, industries: inds))
        }
        return try Classification(name: name, categories: list, aggregates: aggregates, source: path)
    }

    /// The category of `product`, or nil when it is not classified.
    public func category(of product: String) -> ProductCategory? { categories[product] }

    /// Checks that the classification and `table` use the same products: every industry of the table is
    /// classified, and every classified product is in the table.
    public func check(against table: MRIOTable) throws {
        for i in table.industries where categories[i] == nil {
            throw InputError(file: source, key: i, "product '\(i)' of \(table.source) is in no category of the classification")
        }
        let inTable = Set(table.industries)
        for p in products where !inTable.contains(p) {
            throw InputError(file: source, key: p, "product '\(p)' is not an industry of \(table.source) (its industries: \(table.industries.first ?? "")..\(table.industries.last ?? ""))")
        }
    }
}

/// 1-based line of the `index`-th (0-based) `[[name]]` header in TOML text, or nil.
func lineOfArrayTable(_ name: String, index: Int, in text: String) -> Int? {
    var seen = 0
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let l = raw.trimmingPrefixWhitespace()
        if l.hasPrefix("[[") {
            let inner = l.dropFirst(2).prefix { $0 != "]" }.filter { $0 != " " }
            if inner == name {
                if seen == index { return n + 1 }
                seen += 1
            }
        }
    }
    return nil
}

/// 1-based line of the first occurrence of `"value"` (or `'value'`) at or after line `from`, or `from`.
func lineOfQuoted(_ value: String, from: Int?, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let start = max((from ?? 1) - 1, 0)
    for n in start..<lines.count where lines[n].contains("\"\(value)\"") || lines[n].contains("'\(value)'") {
        return n + 1
    }
    return from
}

extension Substring {
    func trimmingPrefixWhitespace() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
