import DataIO

/// The families of value-chain measures `offshore gvc --measure` selects, each a few related `GVCMeasure`s.
public enum GVCFamily: String, CaseIterable, Sendable {
    /// Vertical specialisation (Hummels, Ishii and Yi 2001): the import content of exports, direct and indirect.
    case vs
    /// VS1: a country's value added in other countries' exports.
    case vs1
    /// Foreign value added in final output (Los, Timmer and de Vries 2015).
    case fva_final
    /// Domestic and foreign value added in exports, and value added exports to gross exports.
    case dva_exports
    /// GVC participation: backward, forward and their sum.
    case participation
    /// Upstreamness and downstreamness (Antras, Chor, Fally and Hillberry 2012; Fally 2012).
    case upstreamness

    /// The measures of the family, in output order.
    public var measures: [GVCMeasure] {
        switch self {
        case .vs: return [.vs, .vs_direct, .vs_indirect]
        case .vs1: return [.vs1]
        case .fva_final: return [.fva_final]
        case .dva_exports: return [.dva_exports, .fva_exports, .vax_ratio]
        case .participation: return [.gvc_backward, .gvc_forward, .gvc_participation]
        case .upstreamness: return [.upstreamness, .downstreamness]
        }
    }
}

/// One value-chain measure of a country's industry (or aggregate) in a year. Shares are in percent of their base
/// (gross exports, final output); upstreamness and downstreamness are numbers of stages (at least 1).
///
/// With `A` the technical coefficients of the multi-regional table, `L = (I - A)^-1`, `v` the value-added
/// coefficients, `e` gross exports (intermediate and final, to every other region), `y` final output (final
/// demand of every region for the industry's product), `x` gross output, for country `c`'s industry `j`:
public enum GVCMeasure: String, CaseIterable, Sendable {
    /// Import content of exports (HIY 2001, from the country's own block): `u A^M (I - A^D)^-1` at `j`, where
    /// `A^M` are the imported input coefficients (from the origin group's regions) and `A^D` the domestic ones.
    case vs
    /// Its direct part, `u A^M` at `j`: the imported inputs per unit of output.
    case vs_direct
    /// Its indirect part, `vs - vs_direct`: imports embodied in the domestic inputs.
    case vs_indirect
    /// VS1: the value added of `(c, j)` in the gross exports of other countries `s` (by the group of `s`),
    /// `v_j sum_{s != c} L_{j,s} e_s`, in percent of `(c, j)`'s gross exports (KWW 2014's VS1 by source industry).
    case vs1
    /// Foreign value added per unit of final output of `(c, j)`: `sum_{r != c} v_r L_{r,j}` (by the group of `r`),
    /// aggregates weighted by final output (Los, Timmer and de Vries 2015's FVA share of final manufactures).
    case fva_final
    /// Domestic value added in exports: `v_c L_{c,j}`, weighted by gross exports.
    case dva_exports
    /// Foreign value added in exports: `sum_{r != c} v_r L_{r,j}` (by the group of `r`), weighted by gross exports;
    /// with `dva_exports` it makes 100.
    case fva_exports
    /// Value added exports to gross exports (Johnson and Noguera 2012), source-based: `v_j sum_{s != c} L_{j,.} f_s`
    /// (the value added of `(c, j)` absorbed in final demand abroad, by the group of `s`) over gross exports.
    case vax_ratio
    /// Backward GVC participation: foreign value added in exports (`fva_exports`), by origin group.
    case gvc_backward
    /// Forward GVC participation: domestic value added in other countries' exports (`vs1`), by their group.
    case gvc_forward
    /// GVC participation: backward plus forward, by partner group.
    case gvc_participation
    /// Upstreamness (Antras, Chor, Fally and Hillberry 2012, on the world table): `(L x)_j / x_j`, the average number of
    /// stages before the product reaches final use; output-weighted. With `UpstreamnessMethod.inventoryCorrected`, their
    /// correction for net changes in inventories.
    case upstreamness
    /// Downstreamness (Fally 2012's number of production stages): `(u' L)_j`; output-weighted.
    case downstreamness

    /// True for measures in percent; false for numbers of stages.
    public var isShare: Bool { self != .upstreamness && self != .downstreamness }

    /// True for measures split by origin (or partner) group; false for those with a total only.
    public var hasGroups: Bool {
        switch self {
        case .dva_exports, .upstreamness, .downstreamness: return false
        default: return true
        }
    }

    /// A short phrase for table titles and notes.
    public var label: String {
        switch self {
        case .vs: return "import content of exports (VS)"
        case .vs_direct: return "direct import content of exports"
        case .vs_indirect: return "indirect import content of exports"
        case .vs1: return "value added in other countries' exports (VS1)"
        case .fva_final: return "foreign value added in final output"
        case .dva_exports: return "domestic value added in exports"
        case .fva_exports: return "foreign value added in exports"
        case .vax_ratio: return "value added exports to gross exports"
        case .gvc_backward: return "GVC participation, backward"
        case .gvc_forward: return "GVC participation, forward"
        case .gvc_participation: return "GVC participation"
        case .upstreamness: return "upstreamness"
        case .downstreamness: return "downstreamness"
        }
    }

    /// Reads `--measure`: comma-separated family or measure names, or `all`.
    /// - Returns: the measures in the order of this enum, each once.
    /// - Throws: `InputError` with key `--measure` naming the unknown name and listing the names accepted.
    public static func parse(_ text: String) throws -> [GVCMeasure] {
        var wanted = Set<GVCMeasure>()
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(raw).trimmingSpaces.lowercased()
            if name == "all" { wanted.formUnion(allCases); continue }
            if let f = GVCFamily(rawValue: name) { wanted.formUnion(f.measures); continue }
            if let m = GVCMeasure(rawValue: name) { wanted.insert(m); continue }
            throw InputError(key: "--measure", "unknown measure '\(name)': expected all, a family (\(GVCFamily.allCases.map(\.rawValue).joined(separator: ", "))) "
                             + "or a measure (\(GVCMeasure.allCases.map(\.rawValue).joined(separator: ", "))), comma-separated")
        }
        return allCases.filter(wanted.contains)
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
