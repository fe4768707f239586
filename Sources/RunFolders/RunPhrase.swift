import Reporting

/// The fixed labels of the run report and the contribution tables (the study's model families, the reference
/// study's Table 1, the run's provenance), with their English, Dutch and French text. `lang(.productionModels)`
/// reads like Reporting's own `Phrase`s.
///
/// The texts are data in one place: `entries` is an exhaustive switch, so a new phrase cannot be added
/// without all three languages.
public enum RunPhrase: String, CaseIterable, Sendable, Translated {
    case allIndustries, productionModels, labourDemandModels, skillModels, otherModels, offshoringCoefficients
    case contributions, contributionsCaption, change, contributionPercent, standardErrorPercent, contributionNote, weightsNote
    case weightsMeanNote, allRegressors, intervalPercent, bootstrapIntervalNote, deltaIntervalNote, restrictedBootstrap
    case unrestrictedBootstrap
    case estimateTitle, run, inputTables, industryAccounts, classification, originGroups, configuration, runNotes, formulas
    case referenceTable1Caption, referenceComparison, referenceSource, bundledTablesSource, surIterated
    case surFGLSCorrected, surIteratedCorrected
    case unitPercentagePoints, unitShare, unitTenPoints
    case systemGMMTwoStep, systemGMMOneStep, differenceGMMTwoStep, differenceGMMOneStep

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    /// The English, Dutch and French texts.
    public var entries: (en: String, nl: String, fr: String) {
        switch self {
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
        case .allRegressors: return ("all regressors", "alle verklarende variabelen", "ensemble des variables explicatives")
        case .intervalPercent: return ("{level} % interval (%)", "{level}%-interval (%)", "Intervalle à {level} % (%)")
        case .bootstrapIntervalNote:
            return ("{level} % intervals: wild cluster bootstrap of the model ({type}, {weights} weights, {draws} draws, seed {seed}), "
                    + "by test inversion.",
                    "{level}%-intervallen: wild cluster bootstrap van het model ({type}, {weights}-gewichten, {draws} trekkingen, "
                    + "seed {seed}), door inversie van de toets.",
                    "Intervalles à {level} %\u{00A0}: bootstrap sauvage par grappes du modèle ({type}, pondérations {weights}, "
                    + "{draws} tirages, graine {seed}), par inversion du test.")
        case .deltaIntervalNote:
            return ("{level} % intervals: delta method, contribution ± t quantile × standard error.",
                    "{level}%-intervallen: deltamethode, bijdrage ± t-kwantiel × standaardfout.",
                    "Intervalles à {level} %\u{00A0}: méthode delta, contribution ± quantile de t × écart-type.")
        case .restrictedBootstrap: return ("restricted", "beperkt", "restreint")
        case .unrestrictedBootstrap: return ("unrestricted", "onbeperkt", "non restreint")
        case .estimateTitle: return ("Offshoring and industry performance", "Offshoring en de prestaties van bedrijfstakken",
                                     "L'offshoring et les performances des branches")
        case .run: return ("Run", "Berekening", "Exécution")
        case .bundledTablesSource: return ("WIOD 2013 release (Timmer et al. 2015), current US$",
                                           "WIOD, versie 2013 (Timmer et al. 2015), lopende US$",
                                           "WIOD, version 2013 (Timmer et al. 2015), dollars US courants")
        case .surIterated: return ("SUR (iterated)", "SUR (geïtereerd)", "SUR (itéré)")
        case .surFGLSCorrected: return ("SUR (FGLS, df-corrected)", "SUR (FGLS, vrijheidsgraden gecorrigeerd)", "SUR (FGLS, ddl corrigés)")
        case .surIteratedCorrected: return ("SUR (iterated, df-corrected)", "SUR (geïtereerd, vrijheidsgraden gecorrigeerd)",
                                            "SUR (itéré, ddl corrigés)")
        case .systemGMMTwoStep: return ("System GMM (two-step)", "Systeem-GMM (twee stappen)", "GMM en système (deux étapes)")
        case .systemGMMOneStep: return ("System GMM (one-step)", "Systeem-GMM (één stap)", "GMM en système (une étape)")
        case .differenceGMMTwoStep: return ("Difference GMM (two-step)", "GMM in verschillen (twee stappen)", "GMM en différences (deux étapes)")
        case .differenceGMMOneStep: return ("Difference GMM (one-step)", "GMM in verschillen (één stap)", "GMM en différences (une étape)")
        case .unitPercentagePoints:
            return ("om and os in percentage points: a coefficient is the effect of one point.",
                    "om en os in procentpunten: een coëfficiënt is het effect van één punt.",
                    "om et os en points de pourcentage\u{00A0}: un coefficient est l'effet d'un point.")
        case .unitShare:
            return ("om and os as shares from 0 to 1: a coefficient is the effect of going from no imported inputs to all (divide by 100 for one point).",
                    "om en os als aandelen van 0 tot 1: een coëfficiënt is het effect van geen naar alleen ingevoerde inputs (deel door 100 voor één punt).",
                    "om et os en parts de 0 à 1\u{00A0}: un coefficient est l'effet du passage d'aucun intrant importé à tous (diviser par 100 pour un point).")
        case .unitTenPoints:
            return ("om and os in tens of percentage points: a coefficient is the effect of ten points.",
                    "om en os in tientallen procentpunten: een coëfficiënt is het effect van tien punten.",
                    "om et os en dizaines de points de pourcentage\u{00A0}: un coefficient est l'effet de dix points.")
        case .inputTables: return ("Input-output tables", "Input-outputtabellen", "Tableaux entrées-sorties")
        case .industryAccounts: return ("Industry accounts", "Rekeningen per bedrijfstak", "Comptes des branches")
        case .classification: return ("Classification of products and aggregates", "Indeling van producten en aggregaten",
                                      "Classification des produits et agrégats")
        case .originGroups: return ("Origin groups", "Herkomstgroepen", "Groupes d'origine")
        case .configuration: return ("Configuration", "Configuratie", "Configuration")
        case .runNotes: return ("Notes of the run", "Opmerkingen bij de run (in het Engels, zoals de run ze schreef)",
                                "Remarques sur l'exécution (en anglais, telles que l'exécution les a écrites)")
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
        case .referenceSource:
            return ("the Federal Planning Bureau article's own calculation (its Table 1, summarising Michel and Rycx 2012, 2014 and "
                    + "Hertveldt and Michel 2013), constant-price supply-use tables (METHOD.md)",
                    "eigen berekening van het artikel van het Federaal Planbureau (zijn tabel 1, die Michel en Rycx 2012, 2014 en "
                    + "Hertveldt en Michel 2013 samenvat), aanbod- en gebruikstabellen in constante prijzen (METHOD.md)",
                    "calcul propre de l'article du Bureau fédéral du Plan (son tableau 1, qui résume Michel et Rycx 2012, 2014 et "
                    + "Hertveldt et Michel 2013), tableaux des ressources et des emplois à prix constants (METHOD.md)")
        }
    }
}

extension Language {
    /// The run report's phrase in this language.
    public func callAsFunction(_ phrase: RunPhrase) -> String { phrase.text(self) }
}
