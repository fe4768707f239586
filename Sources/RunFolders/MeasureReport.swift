import DataIO
import Offshoring
import Reporting

/// The report of `offshore measure --report DIR`: the offshoring section of a run report (Table 1, om and os over
/// time by origin group for each aggregate, the industries ranked in the last year, industry x year tables), with
/// the data's provenance and the command's options as the manifest.
public enum MeasureReport {
    /// Builds the report of `measured` and writes it into `folder` (index.html, tables/, charts/) in one staged
    /// step; returns the page's path.
    /// - Parameters:
    ///   - source: the tables' source, for Table 1's note.
    ///   - provenance: the data provenance notes.
    ///   - manifest: the command's options and inputs, as key/value pairs.
    ///   - toolVersion: the tool's version, for the page's subtitle.
    /// - Throws: `InputError` when no year was measured, or naming a file that cannot be written.
    public static func write(_ measured: [OffshoringYear], to folder: String, settings: PublicationSettings, source: String,
                             provenance: [String], manifest: [(key: String, value: String)], toolVersion: String) throws -> String {
        let data = OffshoringData(measured)
        guard let first = data.years.first, let last = data.years.last else {
            throw InputError(key: "--report", "no year was measured, so there is nothing to report")
        }
        let lang = settings.language
        var section = ReportSections.offshoring(data, options: settings.offshoringOptions(source: source, label: "tab:table1"))
        section.title = "\(lang(.offshoringIntensities)), \(data.country)"
        let report = RunReport(title: lang.labelled(lang(.offshoringIntensities), "\(data.country), \(first == last ? "\(first)" : "\(first)-\(last)")"),
                               subtitle: "offshore measure · offshore \(toolVersion)", language: lang,
                               sections: [section], provenance: provenance, synthetic: false, manifest: manifest)
        var options = ReportWriter.Options(language: lang)
        options.decimalComma = settings.style.decimalComma
        try StagedFiles.write(texts: try ReportWriter.files(run: report, options: options), into: folder)
        return (folder.hasSuffix("/") ? folder : folder + "/") + "index.html"
    }
}
