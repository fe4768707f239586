import Reporting

/// The reference studies' findings (METHOD.md section 2) beside a run's estimates: for each finding, the study's
/// direction and significance and the run's estimate, p-value and whether it agrees, in English, Dutch or French;
/// then the offshoring and technology contributions to the fall of the low-skilled share beside the study's 35 %
/// (21 points from materials offshoring to CEE, 8 from services offshoring, technology 17 %). Built for runs on real
/// accounts only: on synthetic accounts a comparison with the studies has no meaning.
public enum StudyComparison {
    /// One finding: the model and term of the run that answers it, and what the study found.
    struct Finding {
        let phrase: StudyPhrase
        let model: String
        let term: String
        /// +1, -1, or 0 for "no significant effect".
        let sign: Int
    }

    static let findings: [Finding] = [
        Finding(phrase: .productivityServices, model: "production", term: "os", sign: 1),
        Finding(phrase: .productivityMaterials, model: "production", term: "om", sign: 0),
        Finding(phrase: .employmentMaterials, model: "labour_demand", term: "om", sign: 0),
        Finding(phrase: .employmentServices, model: "labour_demand", term: "os", sign: 0),
        Finding(phrase: .skillCEE, model: "skill_share", term: "om_CEE", sign: -1),
        Finding(phrase: .skillServices, model: "skill_share", term: "os", sign: -1),
        Finding(phrase: .skillICT, model: "skill_share", term: "I(om * ict)", sign: 1),
        // The same in hours (employment) shares, when the run has that model.
        Finding(phrase: .skillCEE, model: "skill_share_hours", term: "om_CEE", sign: -1),
        Finding(phrase: .skillServices, model: "skill_share_hours", term: "os", sign: -1),
        Finding(phrase: .skillICT, model: "skill_share_hours", term: "I(om * ict)", sign: 1),
    ]

    /// Significance level of the comparison.
    public static let alpha = 0.05

    /// The section, or nil when the run is synthetic or estimated none of the models compared.
    public static func section(_ summary: RunSummary, settings: PublicationSettings) -> RunReport.Section? {
        guard !summary.synthetic else { return nil }
        let lang = settings.language, st = settings.style
        let models = summary.modelTables.flatMap(\.models).filter { $0.equation == nil }
        func coefficient(_ model: String, _ term: String) -> (RunSummary.Model, RunSummary.Coefficient)? {
            guard let m = models.first(where: { $0.name == model }),
                  let c = m.coefficients.first(where: { $0.term.replacingOccurrences(of: " ", with: "") == term.replacingOccurrences(of: " ", with: "") })
            else { return nil }
            return (m, c)
        }
        var t = PublicationTable(caption: lang(StudyPhrase.caption), label: "tab:studies", columnCount: 4)
        t.addHeader([TableCell(lang(StudyPhrase.studyColumn)), TableCell(lang(StudyPhrase.runColumn)), TableCell("p"),
                     TableCell(lang(StudyPhrase.agreesColumn))])
        var rows = 0
        for f in findings {
            guard let (m, c) = coefficient(f.model, f.term) else { continue }
            let study: StudyPhrase = f.sign > 0 ? .positiveSignificant : f.sign < 0 ? .negativeSignificant : .notSignificant
            let significant = c.pValue < alpha
            let agrees = f.sign == 0 ? !significant : significant && (c.estimate > 0) == (f.sign > 0)
            t.addRow(lang(f.phrase) + " [\(m.name), \(m.period)]",
                     [TableCell(lang(study)), TableCell(st.format(c.estimate)), TableCell(st.format(c.pValue, digits: 3)),
                      TableCell(lang(agrees ? StudyPhrase.yes : StudyPhrase.no))])
            rows += 1
        }
        for c in summary.contributions where c.model == "skill_share" || c.model == "skill_share_hours" {
            t.addRule()
            for (name, phrase, value) in [("offshoring", StudyPhrase.contributionOffshoring, 35.0),
                                          ("om_CEE", StudyPhrase.contributionCEE, 21.0),
                                          ("os", StudyPhrase.contributionServices, 8.0),
                                          ("technology", StudyPhrase.contributionTechnology, 17.0)] {
                guard let r = c.rows.first(where: { $0.name == name }) else { continue }
                let share = 100 * r.contribution
                t.addRow(lang(phrase) + " [\(c.model), \(c.from)-\(c.to)]",
                         [TableCell(st.format(value, digits: 0) + " %"), TableCell(st.format(share, digits: 1) + " %"),
                          TableCell("(" + st.format(100 * r.standardError, digits: 1) + ")"),
                          TableCell(lang(abs(share - value) <= 2 * 100 * r.standardError ? StudyPhrase.yes : StudyPhrase.no))])
                rows += 1
            }
        }
        guard rows > 0 else { return nil }
        t.notes = [lang(StudyPhrase.note), lang(StudyPhrase.caveats)]
        return RunReport.Section(title: lang(StudyPhrase.title), items: [.paragraph(lang(StudyPhrase.intro)), .table(id: "studies", t)])
    }
}

/// The labels of the study comparison in English, Dutch and French.
public enum StudyPhrase: String, CaseIterable, Sendable, Translated {
    case title, intro, caption, studyColumn, runColumn, agreesColumn, yes, no
    case positiveSignificant, negativeSignificant, notSignificant
    case productivityServices, productivityMaterials, employmentMaterials, employmentServices, skillCEE, skillServices, skillICT
    case contributionOffshoring, contributionCEE, contributionServices, contributionTechnology, note, caveats

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    /// The English, Dutch and French texts.
    public var entries: (en: String, nl: String, fr: String) {
        switch self {
        case .title: return ("The studies' findings and this run", "De bevindingen van de studies en deze run",
                             "Les résultats des études et cette exécution")
        case .intro:
            return ("Direction and significance of the reference studies' findings (Michel and Rycx 2012, 2014; Hertveldt and Michel 2013) "
                    + "beside the estimates of this run on real accounts. Where they differ, this run's data say something else: read the caveats.",
                    "Richting en significantie van de bevindingen van de referentiestudies (Michel en Rycx 2012, 2014; Hertveldt en Michel 2013) "
                    + "naast de schattingen van deze run op echte rekeningen. Waar ze verschillen, zeggen de gegevens van deze run iets anders: lees de kanttekeningen.",
                    "Sens et significativité des résultats des études de référence (Michel et Rycx 2012, 2014\u{00A0}; Hertveldt et Michel 2013) "
                    + "à côté des estimations de cette exécution sur des comptes réels. Là où ils diffèrent, les données de cette exécution disent autre chose\u{00A0}: voir les réserves.")
        case .caption: return ("Reference studies and this run", "Referentiestudies en deze run", "Études de référence et cette exécution")
        case .studyColumn: return ("Study", "Studie", "Étude")
        case .runColumn: return ("This run", "Deze run", "Cette exécution")
        case .agreesColumn: return ("Agrees", "Komt overeen", "Concorde")
        case .yes: return ("yes", "ja", "oui")
        case .no: return ("no", "nee", "non")
        case .positiveSignificant: return ("+, significant", "+, significant", "+, significatif")
        case .negativeSignificant: return ("-, significant", "-, significant", "-, significatif")
        case .notSignificant: return ("not significant", "niet significant", "non significatif")
        case .productivityServices: return ("Productivity (manufacturing): services offshoring", "Productiviteit (industrie): offshoring van diensten",
                                            "Productivité (industrie)\u{00A0}: offshoring de services")
        case .productivityMaterials: return ("Productivity (manufacturing): materials offshoring", "Productiviteit (industrie): offshoring van materialen",
                                             "Productivité (industrie)\u{00A0}: offshoring de matières")
        case .employmentMaterials: return ("Employment (all industries): materials offshoring", "Werkgelegenheid (alle bedrijfstakken): offshoring van materialen",
                                           "Emploi (toutes branches)\u{00A0}: offshoring de matières")
        case .employmentServices: return ("Employment (all industries): services offshoring", "Werkgelegenheid (alle bedrijfstakken): offshoring van diensten",
                                          "Emploi (toutes branches)\u{00A0}: offshoring de services")
        case .skillCEE: return ("Low-skilled share (manufacturing): materials offshoring to CEE",
                                "Aandeel laaggeschoolden (industrie): offshoring van materialen naar CEE",
                                "Part des peu qualifiés (industrie)\u{00A0}: offshoring de matières vers les PECO")
        case .skillServices: return ("Low-skilled share (manufacturing): services offshoring", "Aandeel laaggeschoolden (industrie): offshoring van diensten",
                                     "Part des peu qualifiés (industrie)\u{00A0}: offshoring de services")
        case .skillICT: return ("Low-skilled share: materials offshoring x ICT intensity (weaker effect where ICT is higher)",
                                "Aandeel laaggeschoolden: offshoring van materialen x ICT-intensiteit (zwakker effect bij meer ICT)",
                                "Part des peu qualifiés\u{00A0}: offshoring de matières x intensité TIC (effet plus faible avec plus de TIC)")
        case .contributionOffshoring: return ("Share of the fall in the low-skilled share explained by offshoring",
                                              "Deel van de daling van het aandeel laaggeschoolden verklaard door offshoring",
                                              "Part de la baisse de la part des peu qualifiés expliquée par l'offshoring")
        case .contributionCEE: return ("... by materials offshoring to CEE", "... door offshoring van materialen naar CEE",
                                       "... par l'offshoring de matières vers les PECO")
        case .contributionServices: return ("... by services offshoring", "... door offshoring van diensten", "... par l'offshoring de services")
        case .contributionTechnology: return ("... by technology (ICT)", "... door technologie (ICT)", "... par la technologie (TIC)")
        case .note:
            return ("Significant: p < 0.05 with each model's standard errors as in its table. Contributions: % of the weighted change, "
                    + "standard error in parentheses; agrees when within two standard errors of the study's figure.",
                    "Significant: p < 0,05 met de standaardfouten van elk model zoals in zijn tabel. Bijdragen: % van de gewogen "
                    + "verandering, standaardfout tussen haakjes; komt overeen binnen twee standaardfouten van het cijfer van de studie.",
                    "Significatif\u{00A0}: p < 0,05 avec les écarts-types de chaque modèle comme dans son tableau. Contributions\u{00A0}: % de "
                    + "la variation pondérée, écart-type entre parenthèses\u{00A0}; concorde à moins de deux écarts-types du chiffre de l'étude.")
        case .caveats:
            return ("Caveats: the studies measured offshoring on the Federal Planning Bureau's constant-price national supply-use tables "
                    + "with the central bank's import data; this run uses WIOD's current-price world tables (current prices understate "
                    + "offshoring, as the skill study found). The low-skilled share is that of the WIOD accounts, in the wage bill (skill_share) "
                    + "and in hours (skill_share_hours), where the study used the share in employment; ICT intensity is EU KLEMS's ICT share of capital compensation, which ends in 2006.",
                    "Kanttekeningen: de studies maten offshoring op de aanbod- en gebruikstabellen van het Federaal Planbureau in "
                    + "constante prijzen met invoergegevens van de Nationale Bank; deze run gebruikt de wereldtabellen van WIOD in lopende prijzen "
                    + "(lopende prijzen onderschatten offshoring, zoals de studie over scholing vond). Het aandeel laaggeschoolden komt uit de WIOD-rekeningen, "
                    + "in de loonsom (skill_share) en in de gewerkte uren (skill_share_hours), waar de studie het aandeel in de werkgelegenheid gebruikte; ICT-intensiteit is het ICT-aandeel "
                    + "in de kapitaalvergoeding van EU KLEMS, dat in 2006 eindigt.",
                    "Réserves\u{00A0}: les études mesuraient l'offshoring sur les tableaux des ressources et des emplois du Bureau fédéral du Plan "
                    + "à prix constants avec les données d'importation de la Banque nationale\u{00A0}; cette exécution utilise les tableaux mondiaux "
                    + "de WIOD à prix courants (les prix courants sous-estiment l'offshoring, comme l'a constaté l'étude sur les qualifications). "
                    + "La part des peu qualifiés est celle des comptes WIOD, dans la masse salariale (skill_share) et dans les heures "
                    + "travaillées (skill_share_hours), là où l'étude utilisait la part dans l'emploi\u{00A0}; l'intensité TIC est la part des TIC dans la rémunération du capital d'EU KLEMS, qui s'arrête en 2006.")
        }
    }
}

extension Language {
    /// The study comparison's phrase in this language.
    public func callAsFunction(_ phrase: StudyPhrase) -> String { phrase.text(self) }
}
