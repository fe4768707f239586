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

    /// The tables of every section, in order.
    public var tables: [(id: String, table: PublicationTable)] {
        sections.flatMap { $0.items.flatMap(\.flattened).compactMap { if case let .table(id, t) = $0 { return (id, t) } else { return nil } } }
    }

    /// The charts of every section, in order.
    public var charts: [(id: String, caption: String, svg: String)] {
        sections.flatMap { $0.items.flatMap(\.flattened).compactMap { if case let .chart(id, c, s) = $0 { return (id, c, s) } else { return nil } } }
    }
}
