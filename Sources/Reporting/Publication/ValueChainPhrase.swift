import ValueChains

/// The fixed labels of the value-chain tables and charts, in English, Dutch and French (kept apart from `Phrase`
/// so that the value-chain report's wording lives in one place).
public enum ValueChainPhrase: String, CaseIterable, Sendable, Translated {
    case title, change, allIndustries, sharesNote, changeNote, groupsNote, noGroupNote, grossExports, finalOutput, stages
    case participation, byAggregate, byOrigin, backward, forward
    case vs, vsDirect, vsIndirect, vs1, fvaFinal, dvaExports, fvaExports, vaxRatio, gvcBackward, gvcForward, gvcParticipation
    case upstreamness, downstreamness

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    /// The English, Dutch and French texts.
    public var entries: (en: String, nl: String, fr: String) {
        switch self {
        case .title: return ("Global value chains", "Mondiale waardeketens", "Chaînes de valeur mondiales")
        case .change: return ("change", "verandering", "variation")
        case .allIndustries: return ("All industries", "Alle bedrijfstakken", "Toutes les branches")
        case .sharesNote:
            return ("Shares in % of gross exports (vs, vs1, dva/fva_exports, vax_ratio, gvc_*) or of final output (fva_final); "
                        + "upstreamness and downstreamness in production stages; aggregates are ratios of sums",
                    "Aandelen in % van de bruto-uitvoer (vs, vs1, dva/fva_exports, vax_ratio, gvc_*) of van de finale output (fva_final); "
                        + "upstreamness en downstreamness in productiestadia; aggregaten zijn verhoudingen van sommen",
                    "Parts en % des exportations brutes (vs, vs1, dva/fva_exports, vax_ratio, gvc_*) ou de la production finale (fva_final)\u{00A0}; "
                        + "upstreamness et downstreamness en étapes de production\u{00A0}; les agrégats sont des rapports de sommes")
        case .changeNote: return ("change: {y1} less {y0} (percentage points for shares)",
                                  "verandering: {y1} min {y0} (procentpunten voor aandelen)",
                                  "variation\u{00A0}: {y1} moins {y0} (points de pourcentage pour les parts)")
        case .groupsNote:
            return ("Groups: where the foreign value added (or imported input) comes from, or for vs1, vax_ratio and gvc_forward the partner that exports or absorbs it",
                    "Groepen: waar de buitenlandse toegevoegde waarde (of ingevoerde input) vandaan komt, of voor vs1, vax_ratio en gvc_forward de partner die ze uitvoert of opneemt",
                    "Groupes\u{00A0}: l'origine de la valeur ajoutée étrangère (ou de l'intrant importé), ou pour vs1, vax_ratio et gvc_forward le partenaire qui l'exporte ou l'absorbe")
        case .noGroupNote: return ("no group: the total less the groups", "geen groep: het totaal min de groepen",
                                   "hors groupe\u{00A0}: le total moins les groupes")
        case .grossExports: return ("% of gross exports", "% van de bruto-uitvoer", "% des exportations brutes")
        case .finalOutput: return ("% of final output", "% van de finale output", "% de la production finale")
        case .stages: return ("production stages", "productiestadia", "étapes de production")
        case .participation: return ("GVC participation, backward and forward", "GVC-participatie, achterwaarts en voorwaarts",
                                     "Participation aux CVM, en amont et en aval")
        case .backward: return ("backward", "achterwaarts", "en amont")
        case .forward: return ("forward", "voorwaarts", "en aval")
        case .byAggregate: return ("by aggregate", "per aggregaat", "par agrégat")
        case .byOrigin: return ("by origin", "naar herkomst", "par origine")
        case .vs: return ("Import content of exports (VS)", "Invoerinhoud van de uitvoer (VS)", "Contenu en importations des exportations (VS)")
        case .vsDirect: return ("Direct import content of exports", "Directe invoerinhoud van de uitvoer",
                                "Contenu direct en importations des exportations")
        case .vsIndirect: return ("Indirect import content of exports", "Indirecte invoerinhoud van de uitvoer",
                                  "Contenu indirect en importations des exportations")
        case .vs1: return ("Value added in other countries' exports (VS1)", "Toegevoegde waarde in de uitvoer van andere landen (VS1)",
                           "Valeur ajoutée dans les exportations d'autres pays (VS1)")
        case .fvaFinal: return ("Foreign value added in final output", "Buitenlandse toegevoegde waarde in de finale output",
                                "Valeur ajoutée étrangère dans la production finale")
        case .dvaExports: return ("Domestic value added in exports", "Binnenlandse toegevoegde waarde in de uitvoer",
                                  "Valeur ajoutée nationale dans les exportations")
        case .fvaExports: return ("Foreign value added in exports", "Buitenlandse toegevoegde waarde in de uitvoer",
                                  "Valeur ajoutée étrangère dans les exportations")
        case .vaxRatio: return ("Value added exports to gross exports", "Uitvoer van toegevoegde waarde tot bruto-uitvoer",
                                "Exportations en valeur ajoutée sur exportations brutes")
        case .gvcBackward: return ("GVC participation, backward", "GVC-participatie, achterwaarts", "Participation aux CVM, en amont")
        case .gvcForward: return ("GVC participation, forward", "GVC-participatie, voorwaarts", "Participation aux CVM, en aval")
        case .gvcParticipation: return ("GVC participation", "GVC-participatie", "Participation aux CVM")
        case .upstreamness: return ("Upstreamness (stages to final use)", "Upstreamness (stadia tot finale besteding)",
                                    "Upstreamness (étapes jusqu'à l'utilisation finale)")
        case .downstreamness: return ("Downstreamness (stages from primary inputs)", "Downstreamness (stadia vanaf primaire inputs)",
                                      "Downstreamness (étapes depuis les facteurs primaires)")
        }
    }

    /// The phrase naming `measure`.
    public static func name(_ measure: GVCMeasure) -> ValueChainPhrase {
        switch measure {
        case .vs: return .vs
        case .vs_direct: return .vsDirect
        case .vs_indirect: return .vsIndirect
        case .vs1: return .vs1
        case .fva_final: return .fvaFinal
        case .dva_exports: return .dvaExports
        case .fva_exports: return .fvaExports
        case .vax_ratio: return .vaxRatio
        case .gvc_backward: return .gvcBackward
        case .gvc_forward: return .gvcForward
        case .gvc_participation: return .gvcParticipation
        case .upstreamness: return .upstreamness
        case .downstreamness: return .downstreamness
        }
    }

    /// The phrase naming the unit of `measure`: % of gross exports or of final output, or production stages.
    public static func unit(_ measure: GVCMeasure) -> ValueChainPhrase {
        if !measure.isShare { return .stages }
        return measure == .fva_final ? .finalOutput : .grossExports
    }
}
