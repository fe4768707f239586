import DataIO

/// The languages of report labels: English, Dutch and French (the last two with decimal commas by default).
public enum Language: String, CaseIterable, Sendable {
    /// English.
    case en
    /// Dutch.
    case nl
    /// French.
    case fr

    /// Reads `en`, `nl` or `fr` (any case); an `InputError` naming `key` otherwise.
    public init(parsing text: String, key: String = "--lang") throws {
        guard let l = Language(rawValue: text.lowercased()) else {
            throw InputError(key: key, "unknown language '\(text)'; expected one of: en, nl, fr")
        }
        self = l
    }

    /// True for the languages whose numbers use a decimal comma by default (nl, fr).
    public var usesDecimalComma: Bool { self != .en }

    /// The BCP 47 tag, for HTML's `lang` attribute.
    public var tag: String { rawValue }

    /// The phrase in this language.
    public func callAsFunction(_ phrase: Phrase) -> String { phrase.text(self) }

    /// A label followed by a colon, with French typography's space before it (`Source : ...`).
    public func labelled(_ label: String, _ text: String) -> String {
        self == .fr ? label + "\u{202F}: " + text : label + ": " + text
    }

    /// Text set by the language's typography. French: a narrow no-break space (U+202F) before `:`, `;`, `?`
    /// and `!` that end a clause (followed by a space or the end), replacing a space or no-break space there;
    /// not in times or ratios (`13:25`) nor in `https://`. Other languages: the text as it is.
    public func typeset(_ text: String) -> String {
        guard self == .fr else { return text }
        let chars = Array(text)
        var out: [Character] = []
        out.reserveCapacity(chars.count + 8)
        for (k, c) in chars.enumerated() {
            if ":;?!".contains(c), k > 0, k + 1 == chars.count || chars[k + 1] == " " || chars[k + 1] == "\u{00A0}" {
                while let last = out.last, last == " " || last == "\u{00A0}" { out.removeLast() }
                if let last = out.last, last != "\u{202F}", last != "(", last != "[" { out.append("\u{202F}") }
            }
            out.append(c)
        }
        return String(out)
    }
}

/// Every fixed label of the publication layer's own tables, charts and page, with its English, Dutch and French
/// text. Layers above add their own phrases the same way (RunFolders' `RunPhrase` for the run report).
///
/// The texts are data in one place: `entries` is an exhaustive switch, so a new phrase cannot be added
/// without all three languages.
public enum Phrase: String, CaseIterable, Sendable, Translated {
    case observations, r2, adjustedR2, withinR2, fixedEffects, yes, no, standardErrors, sample, dependentVariable
    case constant, clustered, seInParentheses, tInParentheses, ciInBrackets, significance, clusters, model, total
    case growth, offshoringIntensities, growthNote, omNote, osNote, aggregatesNote, source, year, industry
    case coefficient, estimatesWithCI, nonenergyDenominator, intermediatesDenominator, outputDenominator, narrow
    case tables, charts, provenance, manifest, syntheticWarning, downloads, generatedBy, contents, industryRanking
    case overTime, coefficientPlot, notes, period, noGroup, noGroupNote, textFormat, energyProducts, noProducts

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    /// The English, Dutch and French texts.
    public var entries: (en: String, nl: String, fr: String) {
        switch self {
        case .observations: return ("Observations", "Waarnemingen", "Observations")
        case .textFormat: return ("Text", "Tekst", "Texte")
        case .r2: return ("R²", "R²", "R²")
        case .adjustedR2: return ("Adjusted R²", "Aangepaste R²", "R² ajusté")
        case .withinR2: return ("Within R²", "R² binnen", "R² intra")
        case .fixedEffects: return ("Fixed effects", "Vaste effecten", "Effets fixes")
        case .yes: return ("Yes", "Ja", "Oui")
        case .no: return ("No", "Nee", "Non")
        case .standardErrors: return ("Standard errors", "Standaardfouten", "Écarts-types")
        case .sample: return ("Sample", "Steekproef", "Échantillon")
        case .dependentVariable: return ("Dependent variable", "Afhankelijke variabele", "Variable dépendante")
        case .constant: return ("Constant", "Constante", "Constante")
        case .clustered: return ("Clustered", "Geclusterd", "Par grappes")
        case .seInParentheses: return ("Standard errors in parentheses.", "Standaardfouten tussen haakjes.",
                                       "Écarts-types entre parenthèses.")
        case .tInParentheses: return ("t statistics in parentheses.", "t-waarden tussen haakjes.",
                                      "Statistiques t entre parenthèses.")
        case .ciInBrackets: return ("{level}% confidence intervals in brackets.", "{level}%-betrouwbaarheidsintervallen tussen vierkante haken.",
                                    "Intervalles de confiance à {level}\u{00A0}% entre crochets.")
        case .significance: return ("Significance", "Significantie", "Significativité")
        case .clusters: return ("Clusters", "Clusters", "Grappes")
        case .model: return ("Model", "Model", "Modèle")
        case .total: return ("total", "totaal", "total")
        case .noGroup: return ("regions in no group", "regio's in geen groep", "régions hors groupe")
        case .noGroupNote: return ("Regions in no group: the total less the groups (imports from every region still count in the total)",
                                   "Regio's in geen groep: het totaal min de groepen (de invoer uit elke regio telt mee in het totaal)",
                                   "Régions hors groupe\u{00A0}: le total moins les groupes (les importations de toutes les régions comptent dans le total)")
        case .growth: return ("g", "g", "g")
        case .offshoringIntensities: return ("Offshoring intensities", "Offshoringintensiteit", "Intensité de l'offshoring")
        case .growthNote: return ("g: compound average annual growth in %", "g: gemiddelde jaarlijkse groei in % (samengesteld)",
                                  "g : croissance annuelle moyenne composée en %")
        case .omNote: return ("om: imported manufactured inputs", "om: ingevoerde industriële inputs",
                              "om : intrants manufacturés importés")
        case .osNote: return ("os: imported business services", "os: ingevoerde zakelijke diensten",
                              "os : services aux entreprises importés")
        case .aggregatesNote: return ("Aggregates are ratios of sums over their industries.",
                                      "Aggregaten zijn verhoudingen van sommen over hun bedrijfstakken.",
                                      "Les agrégats sont des rapports de sommes sur leurs branches.")
        case .source: return ("Source", "Bron", "Source")
        case .year: return ("Year", "Jaar", "Année")
        case .industry: return ("Industry", "Bedrijfstak", "Branche")
        case .coefficient: return ("Coefficient", "Coëfficiënt", "Coefficient")
        case .estimatesWithCI: return ("Point estimates with confidence intervals", "Puntschattingen met betrouwbaarheidsintervallen",
                                       "Estimations ponctuelles avec intervalles de confiance")
        case .nonenergyDenominator: return ("% of non-energy intermediate inputs", "% van de niet-energetische intermediaire inputs",
                                            "% des consommations intermédiaires hors énergie")
        case .intermediatesDenominator: return ("% of all intermediate inputs", "% van alle intermediaire inputs",
                                                "% de toutes les consommations intermédiaires")
        case .outputDenominator: return ("% of gross output", "% van de bruto-output", "% de la production brute")
        case .narrow: return ("narrow offshoring (own product only)", "enge offshoring (alleen eigen product)",
                              "offshoring étroit (produit propre seulement)")
        case .tables: return ("Tables", "Tabellen", "Tableaux")
        case .charts: return ("Charts", "Grafieken", "Graphiques")
        case .provenance: return ("Data provenance", "Herkomst van de gegevens", "Provenance des données")
        case .manifest: return ("Manifest", "Manifest", "Manifeste")
        case .syntheticWarning:
            return ("Warning: these results use synthetic data generated for demonstration; they are not estimates for any real economy.",
                    "Waarschuwing: deze resultaten gebruiken synthetische gegevens, aangemaakt voor demonstratie; het zijn geen ramingen voor een echte economie.",
                    "Avertissement : ces résultats reposent sur des données synthétiques générées pour la démonstration ; ce ne sont pas des estimations pour une économie réelle.")
        case .downloads: return ("Also as", "Ook als", "Aussi en")
        case .generatedBy: return ("Generated by offshore", "Gemaakt met offshore", "Produit par offshore")
        case .contents: return ("Contents", "Inhoud", "Sommaire")
        case .industryRanking: return ("Industries ranked", "Bedrijfstakken gerangschikt", "Classement des branches")
        case .overTime: return ("over time", "in de tijd", "dans le temps")
        case .coefficientPlot: return ("Coefficients across models", "Coëfficiënten over modellen", "Coefficients selon les modèles")
        case .notes: return ("Notes", "Noten", "Notes")
        case .energyProducts: return ("Energy products (never offshoring; left out of the non-energy denominator)",
                                      "Energieproducten (nooit offshoring; niet in de niet-energetische intermediaire inputs)",
                                      "Produits énergétiques (jamais de l'offshoring ; exclus des consommations intermédiaires hors énergie)")
        case .noProducts: return ("none", "geen", "aucun")
        case .period: return ("Years", "Jaren", "Années")
        }
    }
}

extension Phrase {
    /// The phrase naming an offshoring denominator.
    public static func denominatorPhrase(_ name: String) -> Phrase? {
        switch name {
        case "nonenergy": return .nonenergyDenominator
        case "intermediates": return .intermediatesDenominator
        case "output": return .outputDenominator
        default: return nil
        }
    }
}

/// A phrase with its text in every report language: the report's own phrases (`Phrase`) and those of a layer above
/// (the study's `RunPhrase`) share the lookup.
public protocol Translated {
    /// The English, Dutch and French texts.
    var entries: (en: String, nl: String, fr: String) { get }
}

extension Translated {
    /// The text in `language`.
    public func text(_ language: Language) -> String {
        let e = entries
        switch language {
        case .en: return e.en
        case .nl: return e.nl
        case .fr: return e.fr
        }
    }
}
