import DataIO

/// The languages of report labels: English, Dutch and French (the reference study is published in the
/// last two, with decimal commas).
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
        self == .fr ? label + "\u{00A0}: " + text : label + ": " + text
    }
}

/// Every fixed label of the publication layer, with its English, Dutch and French text.
///
/// The texts are data in one place: `entries` is an exhaustive switch, so a new phrase cannot be added
/// without all three languages.
public enum Phrase: String, CaseIterable, Sendable {
    case observations, r2, adjustedR2, withinR2, fixedEffects, yes, no, standardErrors, sample, dependentVariable
    case constant, clustered, seInParentheses, tInParentheses, ciInBrackets, significance, clusters, model
    case total, growth, offshoringIntensities, growthNote, omNote, osNote, aggregatesNote, source
    case year, industry, coefficient, estimatesWithCI
    case nonenergyDenominator, intermediatesDenominator, outputDenominator, narrow
    case tables, charts, provenance, manifest, syntheticWarning, downloads, generatedBy, contents
    case industryRanking, overTime, coefficientPlot, notes
    case allIndustries, productionModels, labourDemandModels, skillModels, otherModels, offshoringCoefficients
    case contributions, contributionsCaption, change, contributionPercent, standardErrorPercent, contributionNote, weightsNote
    case estimateTitle, run, inputTables, industryAccounts, classification, originGroups, configuration, runNotes
    case formulas, referenceTable1Caption, referenceComparison, referenceSource, period, allRegressors, weightsMeanNote

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        let e = entries
        switch language {
        case .en: return e.en
        case .nl: return e.nl
        case .fr: return e.fr
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private var entries: (en: String, nl: String, fr: String) {
        switch self {
        case .observations: return ("Observations", "Waarnemingen", "Observations")
        case .r2: return ("R²", "R²", "R²")
        case .adjustedR2: return ("Adjusted R²", "Aangepaste R²", "R² ajusté")
        case .withinR2: return ("Within R²", "Within-R²", "R² intra")
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
        case .allIndustries: return ("all industries", "alle bedrijfstakken", "toutes les branches")
        case .productionModels: return ("Production and productivity", "Productie en productiviteit", "Production et productivité")
        case .labourDemandModels: return ("Labour demand", "Arbeidsvraag", "Demande de travail")
        case .skillModels: return ("Skill structure of employment", "Scholingsstructuur van de werkgelegenheid",
                                   "Structure des qualifications de l'emploi")
        case .otherModels: return ("Other models", "Andere modellen", "Autres modèles")
        case .offshoringCoefficients: return ("Offshoring coefficients across models", "Offshoringcoëfficiënten over de modellen",
                                              "Coefficients d'offshoring selon les modèles")
        case .contributions: return ("Contributions to the changes", "Bijdragen aan de veranderingen", "Contributions aux variations")
        case .contributionsCaption: return ("Contributions to the change in {response}, {period} (model {model})",
                                            "Bijdragen aan de verandering van {response}, {period} (model {model})",
                                            "Contributions à la variation de {response}, {period} (modèle {model})")
        case .change: return ("Change", "Verandering", "Variation")
        case .contributionPercent: return ("Contribution (%)", "Bijdrage (%)", "Contribution (%)")
        case .standardErrorPercent: return ("Std. error (%)", "Standaardfout (%)", "Écart-type (%)")
        case .contributionNote:
            return ("Contribution of a regressor: its coefficient times its weighted change, in % of the weighted change in {response} "
                    + "({total}); delta-method standard errors from the model's covariance.",
                    "Bijdrage van een verklarende variabele: haar coëfficiënt maal haar gewogen verandering, in % van de gewogen "
                    + "verandering van {response} ({total}); standaardfouten volgens de deltamethode uit de covariantie van het model.",
                    "Contribution d'une variable explicative\u{00A0}: son coefficient multiplié par sa variation pondérée, en % de la "
                    + "variation pondérée de {response} ({total})\u{00A0}; écarts-types par la méthode delta à partir de la covariance du modèle.")
        case .weightsNote: return ("Weights: {weights} in {year}; {n} industries.", "Gewichten: {weights} in {year}; {n} bedrijfstakken.",
                                   "Pondérations\u{00A0}: {weights} en {year}\u{00A0}; {n} branches.")
        case .weightsMeanNote: return ("Weights: {weights}, mean over {period}; {n} industries.",
                                       "Gewichten: {weights}, gemiddelde over {period}; {n} bedrijfstakken.",
                                       "Pondérations\u{00A0}: {weights}, moyenne sur {period}\u{00A0}; {n} branches.")
        case .period: return ("Years", "Jaren", "Années")
        case .allRegressors: return ("all regressors", "alle verklarende variabelen", "ensemble des variables explicatives")
        case .estimateTitle: return ("Offshoring and industry performance", "Offshoring en de prestaties van bedrijfstakken",
                                     "L'offshoring et les performances des branches")
        case .run: return ("Run", "Run", "Exécution")
        case .inputTables: return ("Input-output tables", "Input-outputtabellen", "Tableaux entrées-sorties")
        case .industryAccounts: return ("Industry accounts", "Rekeningen per bedrijfstak", "Comptes des branches")
        case .classification: return ("Classification of products and aggregates", "Indeling van producten en aggregaten",
                                      "Classification des produits et agrégats")
        case .originGroups: return ("Origin groups", "Herkomstgroepen", "Groupes d'origine")
        case .configuration: return ("Configuration", "Configuratie", "Configuration")
        case .runNotes: return ("Notes of the run", "Opmerkingen bij de run", "Remarques sur l'exécution")
        case .formulas: return ("Formulas", "Formules", "Formules")
        case .referenceTable1Caption: return ("Reference study, Table 1: Belgium, 1995-2007", "Referentiestudie, tabel 1: België, 1995-2007",
                                              "Étude de référence, tableau 1\u{00A0}: Belgique, 1995-2007")
        case .referenceComparison:
            return ("The same measures over the reference study's period, beside its published Table 1 (constant-price supply-use "
                    + "tables, so levels differ; the pattern is what should agree).",
                    "Dezelfde maatstaven over de periode van de referentiestudie, naast haar gepubliceerde tabel 1 (aanbod- en "
                    + "gebruikstabellen in constante prijzen, dus de niveaus verschillen; het patroon moet overeenkomen).",
                    "Les mêmes mesures sur la période de l'étude de référence, à côté de son tableau 1 publié (tableaux des ressources "
                    + "et des emplois à prix constants, donc les niveaux diffèrent\u{00A0}; c'est le profil qui doit concorder).")
        case .referenceSource: return ("Michel and Rycx (2012), constant-price supply-use tables (METHOD.md)",
                                       "Michel en Rycx (2012), aanbod- en gebruikstabellen in constante prijzen (METHOD.md)",
                                       "Michel et Rycx (2012), tableaux des ressources et des emplois à prix constants (METHOD.md)")
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
