import DataIO
import Offshoring
import ValueChains

/// Renders `offshore gvc --measure decomposition` (or `bm`, `kww`, term names) with the tidy contract of `measure`
/// and `gvc` (`country,unit,year,measure,group,value`: the term's name in `measure`, the origin group of foreign
/// value added in `group`, the value in percent of gross exports, `gross_exports` in the table's money unit), and a
/// Table-1-style view.
public enum ExportDecompositionReport {
    /// Tidy rows ordered by country, unit (industries in table order, then aggregates), year, term, origin (total,
    /// then groups for the foreign terms). Undefined values (no exports; KWW below the country) have no row.
    static func tidyRows(_ years: [ExportDecompositionYear]) -> [OffshoringReport.TidyRow] {
        var countries: [String] = []
        for y in years where !countries.contains(y.country) { countries.append(y.country) }
        var out: [OffshoringReport.TidyRow] = []
        for country in countries {
            let mine = years.filter { $0.country == country }
            var order: [String] = []
            var seen = Set<String>()
            for y in mine { for u in y.units where seen.insert(u.unit).inserted { order.append(u.unit) } }
            for unit in order {
                for y in mine {
                    guard let u = y.units.first(where: { $0.unit == unit }) else { continue }
                    for (m, term) in y.terms.enumerated() {
                        for (o, origin) in y.origins.enumerated() {
                            guard let v = term.value(u.sums[m], origin: o) else { continue }
                            out.append(OffshoringReport.TidyRow(country: country, unit: unit, year: y.year ?? 0, measure: term.rawValue, group: origin, value: v))
                        }
                    }
                }
            }
        }
        return out
    }

    /// Tidy CSV with the header `country,unit,year,measure,group,value`; values at full precision.
    public static func csv(_ years: [ExportDecompositionYear]) -> String { OffshoringReport.tidyCSV(tidyRows(years)) }

    /// A JSON array of objects with the same fields as the CSV.
    public static func json(_ years: [ExportDecompositionYear]) -> String { OffshoringReport.tidyJSON(tidyRows(years)) }

    /// The Table-1 view of one country: for each aggregate (the classification's, then `all`), each term in the first
    /// and last year and the change (percentage points), foreign terms with their origin groups and the origins in no
    /// group; KWW's terms under `all` only (they are not defined for a group of industries).
    /// - Parameter source: a phrase naming the data, for the note under the table.
    public static func table(_ years: [ExportDecompositionYear], source: String) -> TextTable {
        guard let first = years.first, let last = years.last else {
            return TextTable(header: ["(no years)"], title: "Decomposition of gross exports: no data")
        }
        let y0 = first.year ?? 0, y1 = last.year ?? 0
        let single = y0 == y1
        var t = ValueChainReport.firstLastTable(
            title: "Decomposition of gross exports", country: first.country, years: (first.year, last.year), origins: first.origins,
            first: first.aggregates, last: last.aggregates,
            quantities: first.terms.map { term in
                ValueChainReport.TableQuantity(name: term.rawValue, hasGroups: term.hasGroups, digits: term.isShare ? 2 : 0,
                                               applies: { !term.isCountryOnly || $0.unit == allIndustriesUnit },
                                               value: { s, o in term.value(s, origin: o) })
            })
        t.notes = [
            "In % of gross exports (gross_exports in the tables' money unit)"
                + (single ? "." : "; change: \(y1) less \(y0) (percentage points; for gross_exports the difference)."),
            "bm_*: Borin and Mancini (2019), source-based, exporting country's perspective: vax1 + vax2 (= davax, absorbed by the "
                + "direct importer) + vax3 + vax4 (absorbed elsewhere abroad) + ref1 + ref2 (reflected home) + gap = dva; + ddc = dc; "
                + "fva + fdc = fc; dc + fc = 100.",
            "kww_*: Koopman, Wang and Wei (2014, equation 36), the country only: dva_fin + dva_int + dva_intrex (= vax) + rdv_fin "
                + "+ rdv_int (= dva) + ddc + fva_fin + fva_int (= fva) + fdc + dva_gap + fva_gap = 100. kww_vax = bm_vax, kww_dva + "
                + "kww_dva_gap = bm_dva, kww_ddc = bm_ddc; the foreign parts split differently.",
            "*_gap: what ends in the tables' row gaps (gross output less intermediate and final use, rounding); zero on a balanced table.",
            "Groups: where the foreign value added comes from" + (first.origins.count > 1 ? "; no group: the total less the groups." : "."),
            "Data: \(source).",
        ]
        return t
    }
}
