/// The self-contained HTML page of a report: inline CSS and SVG, no scripts, no network.
public enum HTMLPage {
    /// The stylesheet, inlined in the page: a readable serif body, tables with booktabs-like rules, charts
    /// scaled to the page width, print-friendly.
    public static let css = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f6f6f3; color: #1d1d1d; font: 16px/1.5 "DejaVu Serif", Georgia, "Times New Roman", serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; }
    h1 { font-size: 1.9em; margin: 0.2em 0 0.1em; line-height: 1.2; }
    h2 { font-size: 1.35em; margin: 1.6em 0 0.6em; border-bottom: 1px solid #cccccc; padding-bottom: 0.2em; }
    .subtitle { color: #555555; margin: 0 0 1em; }
    .warning { border: 2px solid #b35900; background: #fff3e0; color: #5a2d00; padding: 0.7em 1em; margin: 1em 0; font-weight: bold; }
    nav ul { margin: 0.3em 0; padding-left: 1.2em; columns: 2; }
    figure { margin: 1.4em 0 2em; overflow-x: auto; }
    figcaption { font-size: 0.92em; color: #333333; margin-top: 0.4em; }
    table.pubtable { border-collapse: collapse; font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 14px;
      font-variant-numeric: tabular-nums; border-top: 2px solid #000000; border-bottom: 2px solid #000000; margin: 0 auto;
      width: min-content; }
    table.pubtable caption { caption-side: top; text-align: left; font-weight: bold; font-size: 15px; padding-bottom: 0.5em; min-width: 24em; }
    table.pubtable th, table.pubtable td { padding: 3px 8px; white-space: nowrap; }
    table.pubtable thead th { font-weight: bold; border-bottom: 1px solid #000000; }
    table.pubtable thead tr:not(:last-child) th { border-bottom: none; }
    table.pubtable thead th.span { border-bottom: 1px solid #000000; }
    table.pubtable tbody + tbody { border-top: 1px solid #000000; }
    table.pubtable tbody th { text-align: left; font-weight: normal; }
    table.pubtable th.indent-1 { padding-left: 2em; }
    table.pubtable th.indent-2 { padding-left: 3.5em; }
    table.pubtable tr.section th { font-style: italic; padding-top: 6px; }
    table.pubtable .l { text-align: left; } table.pubtable .c { text-align: center; } table.pubtable .r { text-align: right; }
    table.pubtable tfoot td { font-size: 12.5px; white-space: normal; border-top: 1px solid #000000; color: #333333; max-width: 60em; }
    table.pubtable tfoot tr + tr td { border-top: none; }
    table.pubtable sup { font-size: 0.75em; }
    .downloads { font-size: 0.85em; color: #555555; text-align: center; margin-top: 0.4em; }
    .downloads a { color: #0b5394; margin: 0 0.3em; }
    .side-by-side { display: flex; flex-wrap: wrap; gap: 8px 28px; justify-content: center; align-items: flex-start; }
    .side-by-side > figure { margin: 0.8em 0; }
    figure.chart svg { max-width: 100%; height: auto; display: block; margin: 0 auto; border: 1px solid #e2e2e2; }
    table.manifest { border-collapse: collapse; font-size: 14px; }
    table.manifest th { text-align: left; padding: 2px 16px 2px 0; vertical-align: top; font-weight: bold; white-space: nowrap; }
    table.manifest td { padding: 2px 0; overflow-wrap: anywhere; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
    footer { margin-top: 3em; font-size: 0.85em; color: #666666; }
    table.pubtable.block + table.pubtable.block { margin-top: 1.2em; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { background: #ffffff; font-size: 11pt; } main { padding: 0; max-width: none; } .downloads, nav { display: none; }
      h2 { break-after: avoid; } figure { overflow: visible; margin: 0.8em 0 1.2em; } figure.chart { break-inside: avoid; }
      table.pubtable { font-size: 8pt; width: auto; max-width: 100%; } table.pubtable caption { font-size: 9.5pt; min-width: 0; }
      table.pubtable th, table.pubtable td { padding: 1px 3px; } table.pubtable tbody th { white-space: normal; min-width: 10em; }
      table.pubtable thead { display: table-header-group; } table.pubtable tr { break-inside: avoid; }
      table.pubtable tfoot td { font-size: 7.5pt; max-width: none; }
    }
    """

    /// The page. `downloads` lists, for each table id, the formats saved beside the page, as (label, relative path).
    public static func render(_ run: RunReport, downloads: [String: [(label: String, path: String)]] = [:]) -> String {
        let lang = run.language
        let h = Escaping.html
        var out: [String] = []
        out.append("<!DOCTYPE html>")
        out.append("<html lang=\"\(lang.tag)\">")
        out.append("<head>")
        out.append("<meta charset=\"utf-8\">")
        out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.append("<meta name=\"generator\" content=\"offshore\">")
        out.append("<title>\(h(run.title))</title>")
        out.append("<style>\n\(css)\n</style>")
        out.append("</head>")
        out.append("<body>")
        out.append("<main>")
        out.append("<header>")
        out.append("<h1>\(h(run.title))</h1>")
        if !run.subtitle.isEmpty { out.append("<p class=\"subtitle\">\(h(run.subtitle))</p>") }
        out.append("</header>")
        if run.synthetic { out.append("<p class=\"warning\" role=\"alert\">\(h(lang(.syntheticWarning)))</p>") }
        // Contents.
        out.append("<nav aria-label=\"\(h(lang(.contents)))\">")
        out.append("<strong>\(h(lang(.contents)))</strong>")
        out.append("<ul>")
        for (k, s) in run.sections.enumerated() { out.append("<li><a href=\"#section-\(k + 1)\">\(h(s.title))</a></li>") }
        out.append("<li><a href=\"#provenance\">\(h(lang(.provenance)))</a></li>")
        if !run.manifest.isEmpty { out.append("<li><a href=\"#manifest\">\(h(lang(.manifest)))</a></li>") }
        out.append("</ul>")
        out.append("</nav>")
        for (k, s) in run.sections.enumerated() {
            out.append("<section id=\"section-\(k + 1)\">")
            out.append("<h2>\(h(s.title))</h2>")
            for item in s.items { renderItem(item, lang: lang, downloads: downloads, into: &out) }
            out.append("</section>")
        }
        out.append("<section id=\"provenance\">")
        out.append("<h2>\(h(lang(.provenance)))</h2>")
        out.append("<ul>")
        if run.synthetic { out.append("<li class=\"synthetic\"><strong>\(h(lang(.syntheticWarning)))</strong></li>") }
        for p in run.provenance { out.append("<li>\(h(p))</li>") }
        out.append("</ul>")
        out.append("</section>")
        if !run.manifest.isEmpty {
            out.append("<section id=\"manifest\">")
            out.append("<h2>\(h(lang(.manifest)))</h2>")
            out.append("<table class=\"manifest\">")
            for (k, v) in run.manifest { out.append("<tr><th>\(h(k))</th><td><code>\(h(v))</code></td></tr>") }
            out.append("</table>")
            out.append("</section>")
        }
        out.append("<footer>\(h(lang(.generatedBy)))</footer>")
        out.append("</main>")
        out.append("</body>")
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }
}

extension HTMLPage {
    /// Appends one item's HTML.
    static func renderItem(_ item: RunReport.Item, lang: Language, downloads: [String: [(label: String, path: String)]],
                           into out: inout [String]) {
        let h = Escaping.html
        switch item {
        case let .paragraph(text):
            out.append("<p>\(h(text))</p>")
        case let .table(id, table):
            out.append("<figure class=\"table\" id=\"\(h(id))\">")
            out.append(HTMLRenderer.render(table).trimmingTrailingNewline)
            if let links = downloads[id], !links.isEmpty {
                let a = links.map { "<a href=\"\(h($0.path))\">\(h($0.label))</a>" }.joined(separator: " ")
                out.append("<p class=\"downloads\">\(h(lang(.downloads))): \(a)</p>")
            }
            out.append("</figure>")
        case let .chart(id, caption, svg):
            out.append("<figure class=\"chart\" id=\"\(h(id))\">")
            out.append(svg.trimmingTrailingNewline)
            if !caption.isEmpty { out.append("<figcaption>\(h(caption))</figcaption>") }
            out.append("</figure>")
        case let .group(items):
            out.append("<div class=\"side-by-side\">")
            for i in items { renderItem(i, lang: lang, downloads: downloads, into: &out) }
            out.append("</div>")
        }
    }
}

extension String {
    /// The string without one trailing newline.
    var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
