/// Everything one run's report shows: sections of tables and charts, data provenance notes (with the
/// synthetic-data warning when the caller says so) and a manifest of key/value pairs. Build it, then write
/// it with `ReportWriter.write(run:to:)`.
public struct RunReport {
    /// One item of a section.
    public enum Item {
        /// A table, saved as `tables/<id>.<ext>` in every format; `id` is also the HTML anchor.
        case table(id: String, PublicationTable)
        /// A chart, saved as `charts/<id>.svg` and inlined in the page, with a caption under it.
        case chart(id: String, caption: String, svg: String)
        /// A paragraph of text.
        case paragraph(String)
        /// Items shown side by side where the page is wide enough (e.g. a table beside the published one).
        case group([Item])

        /// This item and, for a group, its members, depth first.
        var flattened: [Item] {
            if case let .group(items) = self { return items.flatMap(\.flattened) }
            return [self]
        }
    }

    /// A titled part of the report (e.g. "Offshoring", "Production function").
    public struct Section {
        /// The heading.
        public var title: String
        /// Tables, charts and paragraphs, in order.
        public var items: [Item]
        /// A section.
        public init(title: String, items: [Item] = []) {
            self.title = title
            self.items = items
        }
    }

    /// The page title (e.g. "Offshoring and productivity, Belgium 1995-2007").
    public var title: String
    /// A line under the title (run name, date), or empty.
    public var subtitle: String
    /// Language of the fixed labels.
    public var language: Language
    /// The sections, in order.
    public var sections: [Section]
    /// Where the data come from, one note each (sources, versions, deflators, coverage).
    public var provenance: [String]
    /// True when any input is synthetic: the page then opens with a warning, and it is repeated in provenance.
    public var synthetic: Bool
    /// Key/value pairs describing the run (command line, versions, input files and checksums).
    public var manifest: [(key: String, value: String)]

    /// A report.
    public init(title: String, subtitle: String = "", language: Language = .en, sections: [Section] = [], provenance: [String] = [],
                synthetic: Bool = false, manifest: [(key: String, value: String)] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.sections = sections
        self.provenance = provenance
        self.synthetic = synthetic
        self.manifest = manifest
    }

    /// The tables of every section, in order, each in the report's language unless it names its own.
    public var tables: [(id: String, table: PublicationTable)] {
        sections.flatMap { $0.items.flatMap(\.flattened).compactMap {
            guard case let .table(id, t) = $0 else { return nil }
            var table = t
            if table.language == nil { table.language = language }
            return (id, table)
        } }
    }

    /// The charts of every section, in order.
    public var charts: [(id: String, caption: String, svg: String)] {
        sections.flatMap { $0.items.flatMap(\.flattened).compactMap { if case let .chart(id, c, s) = $0 { return (id, c, s) } else { return nil } } }
    }
}

extension RunReport {
    /// The report with every text set by its language's typography (`Language.typeset`: French spaces before
    /// `:`, `;`, `?`, `!`): title, subtitle, section titles, paragraphs, chart captions, provenance, and each
    /// table's caption, headings, labels and notes. Numbers and the manifest are left as they are.
    public func typeset() -> RunReport {
        guard language == .fr else { return self }
        let ts = language.typeset
        func item(_ i: Item) -> Item {
            switch i {
            case let .table(id, t): return .table(id: id, t.typeset(language))
            case let .chart(id, caption, svg): return .chart(id: id, caption: ts(caption), svg: svg)
            case let .paragraph(p): return .paragraph(ts(p))
            case let .group(items): return .group(items.map(item))
            }
        }
        var r = self
        r.title = ts(title)
        r.subtitle = ts(subtitle)
        r.sections = sections.map { Section(title: ts($0.title), items: $0.items.map(item)) }
        r.provenance = provenance.map(ts)
        return r
    }
}

extension PublicationTable {
    /// The table with its caption, headings, row labels, section titles and notes set by `language`'s
    /// typography (`Language.typeset`); cells are left as they are.
    public func typeset(_ language: Language) -> PublicationTable {
        let ts = language.typeset
        var t = self
        t.caption = ts(caption)
        t.header = header.map { HeaderRow(stub: ts($0.stub), cells: $0.cells.map { c in
            var c = c
            c.text = ts(c.text)
            return c
        }) }
        t.body = body.map { row in
            switch row {
            case let .data(label, cells, indent): return .data(label: ts(label), cells: cells, indent: indent)
            case let .section(title): return .section(ts(title))
            case .rule: return .rule
            }
        }
        t.notes = notes.map(ts)
        return t
    }
}
