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

/// Which products count as energy (never offshoring, left out of the `nonenergy` denominator): the classification
/// choice that moves Belgian manufacturing's materials offshoring most (issue 20: with mining and quarrying counted
/// as energy, om in 2007 is 45.21 % of non-energy inputs; counted as a raw material, 41.20 %).
///
/// Written `energy = "with_mining"` or `"without_mining"` in an estimate config's `[data]`, `offshore measure
/// --energy` and a sensitivity grid's `energy` list. The mining products are the classification's own
/// (`[classification] mining = [...]`: WIOD 2013's c2, WIOD 2016's and FIGARO's B, ICIO's B05_06, B07_08, B09).
public enum EnergyProducts: String, CaseIterable, Sendable {
    /// Mining and quarrying counts as energy with the fuels and utilities (the bundled classifications' own choice,
    /// METHOD.md section 1).
    case withMining = "with_mining"
    /// Mining and quarrying counts as a raw material (`other`): energy is the fuels and utilities only, and mining
    /// enters the `nonenergy` denominator.
    case withoutMining = "without_mining"

    /// Reads `with_mining` or `without_mining`; an `InputError` keyed `key` naming both otherwise.
    public init(parsing text: String, key: String) throws {
        guard let e = EnergyProducts(rawValue: text) else {
            throw InputError(key: key, "expected with_mining (mining and quarrying counted as energy) or without_mining "
                             + "(counted as a raw material), found '\(text)'")
        }
        self = e
    }
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
/// mining = ["c2"]                   # optional: the mining products, for the energy choice (`EnergyProducts`)
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
    /// The mining and quarrying products (`[classification] mining`), which the energy choice (`EnergyProducts`)
    /// counts as energy or as raw materials (`other`); empty when the classification does not name them.
    public var mining: [String] = []
    /// The energy choice applied (`choosingEnergy`), nil for the file's own categories.
    public private(set) var energyChoice: EnergyProducts?
    /// Line of each product in the file, when read from one.
    var lines: [String: Int] = [:]

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
        if path.hasSuffix(".csv") || path.hasSuffix(".csv.gz") { return try loadCSV(path: path) }
        let doc = try TOMLDocument(path: path)
        let root = doc.root
        try root.rejectUnknownKeys(allowed: ["classification", "categories", "industries", "aggregate"])
        var name = ""
        var mining: [String] = []
        var miningLine: Int?
        if let meta = try root.section("classification") {
            miningLine = meta.line(of: "mining")
            try meta.rejectUnknownKeys(allowed: ["name", "description", "mining"])
            name = try meta.string("name") ?? ""
            _ = try meta.string("description")
            mining = try meta.strings("mining") ?? []
            if let d = firstDuplicate(mining) { throw meta.error("mining", "product '\(d)' is listed twice") }
        }
        guard let cats = try root.section("categories") else {
            throw InputError(file: path, key: "categories", "missing [categories] table (product lists for manufactured, business_services, energy, other)")
        }
        try cats.rejectUnknownKeys(allowed: ProductCategory.allCases.map(\.rawValue))
        var list: [(String, ProductCategory)] = []
        var where_: [String: ProductCategory] = [:]
        var lines: [String: Int] = [:]
        for c in ProductCategory.allCases {
            let keyLine = cats.line(of: c.rawValue)
            for p in try cats.strings(c.rawValue) ?? [] {
                if let old = where_[p] {
                    // The second mention: the next line quoting it after the first, else the category's line.
                    let after = (lines[p] ?? 0) + 1
                    let next = lineOfQuoted(p, from: after, in: doc.text)
                    throw InputError(file: path, line: lineHasQuoted(p, next, doc.text) ? next : (keyLine ?? lines[p]),
                                     key: "categories.\(c.rawValue)",
                                     "product '\(p)' is already in \(old.rawValue) (line \(lines[p].map(String.init) ?? "?")): classified twice, but a product belongs to exactly one category")
                }
                where_[p] = c
                lines[p] = lineOfQuoted(p, from: keyLine, in: doc.text)
                list.append((p, c))
            }
        }
        if list.isEmpty { throw cats.error("manufactured", "no products classified") }
        // Industry codes, for product-by-industry tables whose industries are coded apart from the products.
        var industryCodes: Set<String>?
        if let ind = try root.section("industries") {
            try ind.rejectUnknownKeys(allowed: ["codes"])
            guard let codes = try ind.strings("codes"), !codes.isEmpty else {
                throw ind.error("codes", "[industries] needs a non-empty list `codes` of the using industries' codes")
            }
            if let d = firstDuplicate(codes) { throw ind.error("codes", "industry '\(d)' is listed twice") }
            industryCodes = Set(codes)
        }
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
            for i in inds where industryCodes.map({ !$0.contains(i) }) ?? (where_[i] == nil) {
                let what = industryCodes == nil ? "a classified product" : "in [industries] codes"
                throw InputError(file: path, line: lineOfQuoted(i, from: line, in: doc.text), key: "aggregate.industries",
                                 "industry '\(i)' of aggregate '\(n)' is not \(what)")
            }
            if aggregates.contains(where: { $0.name == n }) {
                throw InputError(file: path, line: line, key: "aggregate.name", "duplicate aggregate name '\(n)'")
            }
            aggregates.append(IndustryAggregate(name: n, label: try a.string("label") ?? n, industries: inds))
        }
        var result = try Classification(name: name, categories: list, aggregates: aggregates, source: path)
        result.lines = lines
        for p in mining {
            guard let c = where_[p] else {
                throw InputError(file: path, line: lineOfQuoted(p, from: miningLine, in: doc.text), key: "classification.mining",
                                 "mining product '\(p)' is in no category")
            }
            guard c == .energy || c == .other else {
                throw InputError(file: path, line: lineOfQuoted(p, from: miningLine, in: doc.text), key: "classification.mining",
                                 "mining product '\(p)' is in \(c.rawValue): a mining product is energy or other")
            }
        }
        result.mining = mining
        return result
    }

    /// The products that count as energy, in the classification's order.
    public var energyProducts: [String] { products.filter { categories[$0] == .energy } }

    /// The classification with the energy choice applied: its mining products (`mining`) in `energy`
    /// (`with_mining`) or in `other` (`without_mining`); nil leaves the file's categories as they are.
    /// - Throws: `InputError` keyed `key` when the classification names no mining products.
    public func choosingEnergy(_ choice: EnergyProducts?, key: String = "energy") throws -> Classification {
        guard let choice else { return self }
        guard !mining.isEmpty else {
            throw InputError(file: source, key: key, "the energy choice \(choice.rawValue) needs the classification's mining products: "
                             + "add mining = [...] (e.g. [\"c2\"] for WIOD 2013) to its [classification] table")
        }
        var out = self
        for p in mining { out.categories[p] = choice == .withMining ? .energy : .other }
        out.energyChoice = choice
        return out
    }

    /// Loads a concordance in CSV: a header `code,category` (optionally a third column `aggregates`), then one row
    /// per code with its category (manufactured, business_services, energy, other) and the aggregates, separated by
    /// `;`, that the industry of the same code belongs to (aggregates are reported in order of first mention). A
    /// code classified twice, an unknown category, a blank code or a ragged row is an error naming file and line.
    public static func loadCSV(path: String) throws -> Classification {
        let reader = try CSVReader(path: path)
        var list: [(String, ProductCategory)] = []
        var lines: [String: Int] = [:]
        var members: [(String, [String])] = []
        var hasAggregates = false
        var headerSeen = false
        try reader.forEachRow { row in
            if !headerSeen {
                headerSeen = true
                guard row.count >= 2, row.string(0) == "code", row.string(1) == "category",
                      row.count == 2 || (row.count == 3 && row.string(2) == "aggregates") else {
                    throw row.error(column: 0, "expected the header code,category or code,category,aggregates")
                }
                hasAggregates = row.count == 3
                return
            }
            if row.isBlank { return }
            let width = hasAggregates ? 3 : 2
            guard row.count == width else { throw row.error(column: min(row.count, width) - 1, "ragged row: expected \(width) fields as in the header, found \(row.count)") }
            let code = row.string(0)
            guard !code.isEmpty else { throw row.error(column: 0, "empty code") }
            guard let cat = ProductCategory(rawValue: row.string(1)) else {
                throw row.error(column: 1, "unknown category '\(row.string(1))': expected manufactured, business_services, energy or other")
            }
            if let first = lines[code] {
                throw row.error(column: 0, "code '\(code)' is classified twice (first at line \(first)); every product is classified exactly once")
            }
            lines[code] = row.line
            list.append((code, cat))
            if hasAggregates {
                for a in row.string(2).split(separator: ";").map({ String($0).trimmingCharacters(in: " ") }) where !a.isEmpty {
                    if let k = members.firstIndex(where: { $0.0 == a }) { members[k].1.append(code) } else { members.append((a, [code])) }
                }
            }
        }
        guard !list.isEmpty else { throw InputError(file: path, line: 1, "no codes classified: expected a header code,category and one row per code") }
        var result = try Classification(name: AtomicFile.baseName(of: path), categories: list,
                                        aggregates: members.map { IndustryAggregate(name: $0.0, label: $0.0, industries: $0.1) }, source: path)
        result.lines = lines
        return result
    }

    /// The category of `product`, or nil when it is not classified.
    public func category(of product: String) -> ProductCategory? { categories[product] }

    /// Checks that the classification and `table` use the same products: every industry of the table is
    /// classified, and every classified product is in the table.
    public func check(against table: MRIOTable) throws {
        try check(products: table.industries, source: table.source)
    }

    /// Checks that the classification and a table's product codes agree: every product is classified (exactly
    /// once, which the classification guarantees), and every classified product is in the table.
    public func check(products tableProducts: [String], source tableSource: String) throws {
        for i in tableProducts where categories[i] == nil {
            throw InputError(file: source, line: line(of: i), key: i, "product '\(i)' of \(tableSource) is in no category of the classification")
        }
        let inTable = Set(tableProducts)
        for p in products where !inTable.contains(p) {
            throw InputError(file: source, line: line(of: p), key: p, "product '\(p)' is not a product of \(tableSource) (its products: \(tableProducts.first ?? "")..\(tableProducts.last ?? ""))")
        }
    }

    /// The file line where `product` is classified, when known.
    public func line(of product: String) -> Int? { lines[product] }
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

/// True when line `line` (1-based) of `text` holds `"value"` or `'value'`.
func lineHasQuoted(_ value: String, _ line: Int?, _ text: String) -> Bool {
    guard let line else { return false }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1 && line <= lines.count else { return false }
    return lines[line - 1].contains("\"\(value)\"") || lines[line - 1].contains("'\(value)'")
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingPrefixWhitespace() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
