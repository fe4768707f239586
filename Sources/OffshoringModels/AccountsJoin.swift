import Accounts
import DataIO

/// Joins the other accounts sources of a config (`[accounts]`, e.g. EU KLEMS's CAPIT for ICT intensity) to the
/// main accounts, by industry (through each source's concordance) and year. Everything that does not match is
/// said: codes of the concordance the source lacks, codes of the source no industry uses, years of the panel the
/// source does not cover. Refused with an `InputError` naming the file: a layout other than the config says, a
/// variable the file does not have, values outside the unit the config states (a unit mismatch between sources,
/// e.g. percent where a fraction is expected), no year in common with the tables.
enum AccountsJoin {
    /// Reads every source of `config`, checks it and merges it into `accounts`; returns the notes.
    static func join(_ accounts: inout IndustryAccounts, config: EstimateConfig, industries: [String], years: [Int]) throws -> [String] {
        var notes: [String] = []
        for src in config.sources {
            let concordance = src.concordance.isEmpty ? nil : try Concordance(path: src.concordance, industries: industries)
            let country = src.country ?? config.accountsCountry
            let (raw, report) = try AccountsReader.read(path: src.file, industries: concordance == nil ? industries : nil, country: country)
            guard let layout = report.layout, layout.rawValue == src.layout else {
                throw InputError(file: src.file, key: "accounts.\(src.input)",
                                 "the file has the \(report.layout?.rawValue ?? "unknown") layout, not \(src.layout) as the config says")
            }
            guard raw.variables.contains(src.variable) else {
                throw InputError(file: src.file, key: "accounts.\(src.input)",
                                 "no variable \(src.variable) in the file (variables: \(raw.variables.prefix(12).joined(separator: ", "))\(raw.variables.count > 12 ? ", ..." : ""))")
            }
            var mapped: IndustryAccounts
            if let concordance {
                let (m, unmatched) = concordance.apply(to: raw, variables: [src.variable])
                mapped = m
                notes.append(contentsOf: unmatched.map { "join: " + $0 })
                for g in concordance.sharedSources {
                    notes.append("join: \(src.input) from \(src.variable): the group \(g.source) of \(fileName(src.file)) is assigned to each of its industries \(g.codes.joined(separator: ", ")) (\(fileName(concordance.path)))")
                }
            } else {
                mapped = IndustryAccounts(source: src.file)
                for (k, x) in raw.values where k.variable == src.variable { try mapped.insert(x, at: k, line: raw.lines[k] ?? 0) }
            }
            // Rename to the joined name and keep only the panel's country.
            var renamed = IndustryAccounts(source: src.file)
            for (k, x) in mapped.values where k.variable == src.variable && k.country == country {
                try checkUnit(x, src: src, line: mapped.lines[k], key: k)
                try renamed.insert(x, at: .init(country: country, variable: src.joinedName, industry: k.industry, year: k.year), line: mapped.lines[k] ?? 0)
            }
            let have = Set(renamed.years)
            guard !have.isEmpty else {
                throw InputError(file: src.file, key: "accounts.\(src.input)", "no value of \(src.variable) for country \(country)")
            }
            let common = years.filter { have.contains($0) }
            guard !common.isEmpty else {
                throw InputError(file: src.file, key: "accounts.\(src.input)",
                                 "the years of \(src.variable) (\(describeYears(renamed.years))) do not overlap the tables' (\(describeYears(years)))")
            }
            let lacking = years.filter { !have.contains($0) }
            notes.append("accounts: \(src.input) = \(src.variable) of \(fileName(src.file)) (\(src.layout)), \(describeYears(common)) of the tables' years"
                         + (lacking.isEmpty ? "" : "; no values for \(describeYears(lacking)) (the source ends \(have.max() ?? 0)): missing there, never filled"))
            if report.missingCells > 0 && concordance == nil { notes.append("accounts: \(fileName(src.file)): \(report.missingCells) missing cells left out") }
            // Only the tables' years join the panel (EU KLEMS starts in 1970).
            var kept = IndustryAccounts(source: src.file)
            let keep = Set(years)
            for (k, x) in renamed.values where keep.contains(k.year) { try kept.insert(x, at: k, line: renamed.lines[k] ?? 0) }
            try accounts.merge(kept)
        }
        return notes
    }

    /// Refuses a value outside the unit the config states for its source.
    static func checkUnit(_ x: Double, src: AccountsSource, line: Int?, key: IndustryAccounts.Key) throws {
        let ok: Bool
        let what: String
        switch src.unit {
        case "fraction": ok = x >= 0 && x <= 1; what = "a fraction between 0 and 1"
        case "percent": ok = x >= 0 && x <= 100; what = "a percentage between 0 and 100"
        case "index", "level": ok = x > 0; what = "a positive \(src.unit)"
        default: return
        }
        guard ok else {
            throw InputError(file: src.file, line: line, key: "accounts.\(src.input)",
                             "unit mismatch: \(src.variable) for \(key.industry) \(key.year) is \(x), but the config says unit = \"\(src.unit)\" (\(what))"
                             + (src.unit == "fraction" && x <= 100 ? "; the file looks like percent: say unit = \"percent\" and divide, or use a fraction" : ""))
        }
    }

    /// The shares of the main accounts (`H_LS`... and `LABLS`..., SEA percent) must lie in 0-100 and not all in
    /// 0-1 (fractions where percent is expected would make every share 100 times too small).
    static func checkPercentShares(_ accounts: IndustryAccounts, config: EstimateConfig) throws {
        for key in ["H_LS", "H_MS", "H_HS", "LABLS", "LABMS", "LABHS"] {
            guard let name = config.variables[key], !name.isEmpty, !config.sources.contains(where: { $0.input == key }) else { continue }
            var maxValue = -Double.infinity
            for (k, x) in accounts.values where k.variable == name {
                guard x >= 0 && x <= 100 else {
                    throw InputError(file: accounts.source, line: accounts.lines[k],
                                     "unit mismatch: \(name) for \(k.industry) \(k.year) is \(x); skill shares are percent (0-100)")
                }
                maxValue = max(maxValue, x)
            }
            if maxValue.isFinite && maxValue <= 1 {
                throw InputError(file: accounts.source, key: "variables.\(key)",
                                 "unit mismatch: every value of \(name) is at most 1, as fractions are; the panel reads skill shares in percent (0-100) as the SEA writes them")
            }
        }
    }

    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
