import DataIO

extension OffshoringData {
    /// Reads the tidy CSV of `offshore measure --format csv` (header `country,unit,year,measure,group,value`),
    /// so a report can be built from a run's saved measures.
    /// - Parameters:
    ///   - path: the CSV file (plain or gzip).
    ///   - aggregates: names of the units that are aggregates, with their labels (e.g. from the classification:
    ///     `["manufacturing": "Manufacturing"]`); other units are industries labelled by their code.
    ///   - denominator: the denominator the measures used (`nonenergy`, `intermediates`, `output`); the CSV
    ///     does not say.
    /// - Throws: `InputError` naming file, line and column for a wrong header, a second country, a bad year,
    ///   measure or value, or a repeated observation.
    public init(tidyCSV path: String, aggregates: [String: String] = [:], denominator: String = "nonenergy") throws {
        let reader = try CSVReader(path: path)
        let expected = ["country", "unit", "year", "measure", "group", "value"]
        var header = true
        var country: String?
        var years = Set<Int>(), units: [String] = [], origins: [String] = []
        var seenUnits = Set<String>(), seenOrigins = Set<String>()
        var rows: [(String, String, String, Int, Double)] = []
        var keys = Set<String>()
        try reader.forEachRow { row in
            if header {
                let names = (0..<row.count).map { row.string($0) }
                guard names == expected else {
                    throw row.error("expected the header \(expected.joined(separator: ",")), found \(names.joined(separator: ","))")
                }
                header = false
                return
            }
            if row.isBlank { return }
            guard row.count == 6 else { throw row.error("expected 6 fields, found \(row.count)") }
            let c = row.string(0), unit = row.string(1), measure = row.string(3), origin = row.string(4)
            if let country, country != c {
                throw row.error(column: 0, "a second country '\(c)' (the file holds '\(country)'); one report shows one country")
            }
            country = c
            guard let year = Int(row.string(2)) else { throw row.error(column: 2, "expected a year, found '\(row.string(2))'") }
            guard measure == "om" || measure == "os" else { throw row.error(column: 3, "expected om or os, found '\(measure)'") }
            let value = try row.double(5)
            guard keys.insert("\(unit)|\(year)|\(measure)|\(origin)").inserted else {
                throw row.error("a second value for \(unit) \(year) \(measure) \(origin)")
            }
            years.insert(year)
            if seenUnits.insert(unit).inserted { units.append(unit) }
            if seenOrigins.insert(origin).inserted { origins.append(origin) }
            rows.append((unit, origin, measure, year, value))
        }
        if header { throw InputError(file: path, line: 1, "the file is empty; expected the header \(expected.joined(separator: ","))") }
        if let t = origins.firstIndex(of: "total"), t != 0 { origins.remove(at: t); origins.insert("total", at: 0) }
        // Industries first, in file order, then aggregates (as the measures report them).
        let ordered = units.filter { aggregates[$0] == nil } + units.filter { aggregates[$0] != nil }
        self.init(country: country ?? "", denominator: denominator, years: Array(years), origins: origins,
                  units: ordered.map { Unit(unit: $0, label: aggregates[$0] ?? $0, isAggregate: aggregates[$0] != nil) })
        for (u, o, m, y, v) in rows { set(u, o, m, y, v) }
    }
}
