import DataIO
import Reporting
import ValueChains

/// The report of `offshore gvc --report DIR`: for each country, the value-chain section (Table 1 of the measures by
/// origin group, charts over time by origin group and by aggregate, the industries ranked, industry x year tables),
/// with the data's provenance and the command's options as the manifest.
public enum GVCReport {
    /// Builds the report of `measured` and writes it into `folder` (index.html, tables/, charts/) in one staged
    /// step; returns the page's path. With several countries every table and chart id starts with the country's code.
    /// - Parameters:
    ///   - countries: the countries in the order asked (each gets a section).
    ///   - source: the tables' source, for the tables' notes.
    ///   - provenance: the data provenance notes.
    ///   - manifest: the command's options and inputs, as key/value pairs.
    ///   - toolVersion: the tool's version, for the page's subtitle.
    /// - Throws: `InputError` when no year was measured, or naming a file that cannot be written.
    public static func write(_ measured: [ValueChainYear], countries: [String], to folder: String, settings: PublicationSettings,
                             source: String, provenance: [String], manifest: [(key: String, value: String)],
                             toolVersion: String) throws -> String {
        let data = countries.map { ValueChainData(measured, country: $0) }
        guard let first = data.first, let y0 = first.years.first, let y1 = first.years.last else {
            throw InputError(key: "--report", "no year was measured, so there is nothing to report")
        }
        let lang = settings.language
        let options = ValueChainTableOptions(language: lang, style: settings.style, shareDigits: settings.digits ?? 2,
                                             stageDigits: settings.digits ?? 3, labels: settings.labels, source: source)
        let sections = data.map { d in
            ReportSections.valueChains(d, options: options, idPrefix: data.count > 1 ? ReportSections.safe(d.country) + "-" : "")
        }
        let title = lang.labelled(ValueChainPhrase.title.text(lang),
                                  "\(data.map(\.country).joined(separator: ", ")), \(y0 == y1 ? "\(y0)" : "\(y0)-\(y1)")")
        let report = RunReport(title: title, subtitle: "offshore gvc · offshore \(toolVersion)", language: lang, sections: sections,
                               provenance: provenance, synthetic: false, manifest: manifest)
        var writer = ReportWriter.Options(language: lang)
        writer.decimalComma = settings.style.decimalComma
        try StagedFiles.write(texts: try ReportWriter.files(run: report.typeset(), options: writer), into: folder)
        return (folder.hasSuffix("/") ? folder : folder + "/") + "index.html"
    }
}
