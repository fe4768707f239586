import DataIO
import Foundation

/// The results of one `offshore estimate` run as its report needs them, in no particular language: every
/// model's coefficients and fit, the contributions, the data sources and notes. Saved in the run folder as
/// `report.json` (beside `offshoring.csv`, the measures, and `manifest.json`), so that `offshore report` can
/// render the run again in another language, number style or format without estimating anything.
///
/// Numbers are stored at full precision (JSON's shortest round-trip form; `NaN` and `Infinity` as strings), so
/// a report rendered from the saved file is the one rendered at estimation time.
public struct RunSummary: Codable, Equatable {
    /// The file name in a run folder.
    public static let fileName = "report.json"
    /// The file of the offshoring measures in a run folder (the tidy CSV of `offshore measure --format csv`).
    public static let measuresFileName = "offshoring.csv"
    /// The version of this layout; a reader refuses other versions.
    public static let currentSchema = 1

    /// One coefficient.
    public struct Coefficient: Codable, Equatable {
        /// The term as estimated (`log(K)`, `l(om, 1)`).
        public var term: String
        /// The estimate.
        public var estimate: Double
        /// Its standard error.
        public var standardError: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// Degrees of freedom of its t test (infinity for a normal reference).
        public var degreesOfFreedom: Double
        /// A coefficient.
        public init(term: String, estimate: Double, standardError: Double, pValue: Double, degreesOfFreedom: Double) {
            self.term = term
            self.estimate = estimate
            self.standardError = standardError
            self.pValue = pValue
            self.degreesOfFreedom = degreesOfFreedom
        }
    }

    /// One column of a regression table: a single-equation model, or one equation of a system.
    public struct Model: Codable, Equatable {
        /// The model's name in the config.
        public var name: String
        /// The equation's name for a system's equation (its response), nil for a single equation.
        public var equation: String?
        /// The dependent variable as estimated (`log(Y)`, `d(log(L))`, `S_l`).
        public var dependent: String
        /// The formula as written.
        public var formula: String
        /// Coefficients in estimation order.
        public var coefficients: [Coefficient]
        /// Observations used.
        public var observations: Int?
        /// R squared.
        public var r2: Double?
        /// Adjusted R squared.
        public var adjustedR2: Double?
        /// Within R squared.
        public var withinR2: Double?
        /// Fixed effects absorbed (or partialled out of a system).
        public var fixedEffects: [String]
        /// The variance estimator: its canonical text (`iid`, `hc1`, `cluster:VAR`, `cluster:A+B`,
        /// `VarianceEstimator.name`), or `sur`, `sur-iterated` for systems, with `-geomean` for the
        /// degrees-of-freedom divisor (`ModelRecord.vcovName`).
        public var vcov: String
        /// Industries of the sample: `all` or an aggregate's name.
        public var sample: String
        /// Years of the sample, e.g. `1995-2004`.
        public var period: String
        /// A model.
        public init(name: String, equation: String? = nil, dependent: String, formula: String, coefficients: [Coefficient],
                    observations: Int? = nil, r2: Double? = nil, adjustedR2: Double? = nil, withinR2: Double? = nil,
                    fixedEffects: [String] = [], vcov: String, sample: String, period: String) {
            self.name = name
            self.equation = equation
            self.dependent = dependent
            self.formula = formula
            self.coefficients = coefficients
            self.observations = observations
            self.r2 = r2
            self.adjustedR2 = adjustedR2
            self.withinR2 = withinR2
            self.fixedEffects = fixedEffects
            self.vcov = vcov
            self.sample = sample
            self.period = period
        }
    }

    /// The models of one side-by-side table.
    public struct ModelTable: Codable, Equatable {
        /// The family: `production`, `labour`, `skills` or `other` (chooses the heading).
        public var family: String
        /// The columns, in config order.
        public var models: [Model]
        /// A table.
        public init(family: String, models: [Model]) {
            self.family = family
            self.models = models
        }
    }

    /// One row of a decomposition.
    public struct ContributionRow: Codable, Equatable {
        /// A term, or a group's name.
        public var name: String
        /// The terms it sums.
        public var terms: [String]
        /// True for a group of terms.
        public var group: Bool
        /// The coefficient (single terms).
        public var coefficient: Double?
        /// The weighted change of the regressor (single terms).
        public var change: Double?
        /// Contribution as a fraction of the total change.
        public var contribution: Double
        /// Its delta-method standard error, as a fraction.
        public var standardError: Double
        /// The lower end of its interval, as a fraction (`Contribution.interval` says how it was computed); nil in a
        /// report.json written before intervals were saved.
        public var ciLow: Double?
        /// The upper end of its interval, as a fraction.
        public var ciHigh: Double?
        /// A row.
        public init(name: String, terms: [String], group: Bool, coefficient: Double?, change: Double?, contribution: Double,
                    standardError: Double, ciLow: Double? = nil, ciHigh: Double? = nil) {
            self.name = name
            self.terms = terms
            self.group = group
            self.coefficient = coefficient
            self.change = change
            self.contribution = contribution
            self.standardError = standardError
            self.ciLow = ciLow
            self.ciHigh = ciHigh
        }
    }

    /// How the intervals of a decomposition's rows were computed, saved so the page can say it in its language.
    public struct ContributionInterval: Codable, Equatable {
        /// `bootstrap` (the model's wild cluster bootstrap, test inversion of c'b = r) or `delta` (delta method).
        public var method: String
        /// The confidence level (0.95).
        public var level: Double
        /// The bootstrap's seed (nil for the delta method).
        public var seed: UInt64?
        /// The bootstrap draws used (nil for the delta method).
        public var draws: Int?
        /// The bootstrap weights (`webb`, `rademacher`, ...; nil for the delta method).
        public var weights: String?
        /// `restricted` or `unrestricted` (nil for the delta method).
        public var type: String?
        /// The method in English words, as the terminal and contributions.csv/json print it.
        public var description: String
        /// An interval method.
        public init(method: String, level: Double = 0.95, seed: UInt64? = nil, draws: Int? = nil, weights: String? = nil,
                    type: String? = nil, description: String) {
            self.method = method
            self.level = level
            self.seed = seed
            self.draws = draws
            self.weights = weights
            self.type = type
            self.description = description
        }
    }

    /// One decomposition of a change into the regressors' contributions.
    public struct Contribution: Codable, Equatable {
        /// The model.
        public var model: String
        /// The response decomposed.
        public var response: String
        /// First year.
        public var from: Int
        /// Last year.
        public var to: Int
        /// The weights (`wbshare`, `empshare`).
        public var weights: String
        /// Which years' weights: `first` (the first year's) or `mean` (the mean over the period).
        public var weightsBase: String
        /// The weighted change of the response.
        public var totalChange: Double
        /// Industries averaged over.
        public var industries: Int
        /// The rows: single terms, then groups.
        public var rows: [ContributionRow]
        /// How the rows' intervals were computed (nil in a report.json written before intervals were saved).
        public var interval: ContributionInterval?
        /// A decomposition.
        public init(model: String, response: String, from: Int, to: Int, weights: String, weightsBase: String = "first",
                    totalChange: Double, industries: Int, rows: [ContributionRow], interval: ContributionInterval? = nil) {
            self.interval = interval
            self.model = model
            self.response = response
            self.from = from
            self.to = to
            self.weights = weights
            self.weightsBase = weightsBase
            self.totalChange = totalChange
            self.industries = industries
            self.rows = rows
        }
    }

    /// An aggregate of the classification (for Table 1 and the charts).
    public struct Aggregate: Codable, Equatable {
        /// Its name (`manufacturing`).
        public var name: String
        /// Its label in the classification (`Manufacturing`).
        public var label: String
        /// An aggregate.
        public init(name: String, label: String) {
            self.name = name
            self.label = label
        }
    }

    /// Layout version (`currentSchema`).
    public var schema: Int
    /// The run folder's name.
    public var runName: String
    /// The tool's version.
    public var toolVersion: String
    /// Reporting country.
    public var country: String
    /// Years of the panel.
    public var years: [Int]
    /// Offshoring denominator (`nonenergy`, `intermediates`, `output`).
    public var denominator: String
    /// True for narrow offshoring.
    public var narrow: Bool
    /// How om and os enter the models (`pp`, `share`, `10pp`); nil in reports written before the setting existed
    /// (percentage points).
    public var offshoringUnit: String?
    /// The products counted as energy (never offshoring; left out of the non-energy denominator), for Table 1's
    /// note; nil in reports written before the energy choice was recorded.
    public var energyProducts: [String]?
    /// True when the accounts are synthetic.
    public var synthetic: Bool
    /// What the config says about the synthetic accounts (printed in the provenance notes).
    public var syntheticNote: String
    /// The source of the tables in words (Table 1's note).
    public var tablesSource: String
    /// Input files by role (`tables`, `accounts`, `classification`, `grouping`, `config`), as the run folder
    /// writes their paths.
    public var sources: [String: String]
    /// Aggregates of the classification.
    public var aggregates: [Aggregate]
    /// Regression tables.
    public var modelTables: [ModelTable]
    /// Contributions.
    public var contributions: [Contribution]
    /// Notes of the run (join, undefined measures, skipped contributions), as the run printed them.
    public var notes: [String]

    /// A summary.
    public init(runName: String, toolVersion: String, country: String, years: [Int], denominator: String, narrow: Bool = false,
                synthetic: Bool, syntheticNote: String, tablesSource: String, sources: [String: String], aggregates: [Aggregate],
                modelTables: [ModelTable], contributions: [Contribution], notes: [String]) {
        self.schema = RunSummary.currentSchema
        self.runName = runName
        self.toolVersion = toolVersion
        self.country = country
        self.years = years
        self.denominator = denominator
        self.narrow = narrow
        self.synthetic = synthetic
        self.syntheticNote = syntheticNote
        self.tablesSource = tablesSource
        self.sources = sources
        self.aggregates = aggregates
        self.modelTables = modelTables
        self.contributions = contributions
        self.notes = notes
    }

    /// The JSON text (sorted keys, indented, newline at the end): the same summary always gives the same bytes.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
        } catch {
            throw InputError(key: "report.json", "cannot encode the run's results: \(error)")
        }
    }

    /// Reads `report.json`.
    /// - Throws: `InputError` naming the file and the key that is missing or of the wrong type, or a schema
    ///   this version does not read.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file (missing or unreadable)")
        }
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            self = try d.decode(RunSummary.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(file: path, key: Self.keyPath(context.codingPath + [key]), "missing")
        } catch let DecodingError.typeMismatch(type, context) {
            throw InputError(file: path, key: Self.keyPath(context.codingPath), "expected a value of type \(type)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw InputError(file: path, key: Self.keyPath(context.codingPath), "expected a value of type \(type), found null")
        } catch {
            throw InputError(file: path, "not a report.json written by offshore estimate: \(error.localizedDescription)")
        }
        guard schema == RunSummary.currentSchema else {
            throw InputError(file: path, key: "schema", "this offshore reads schema \(RunSummary.currentSchema), the file has \(schema)")
        }
    }

    /// `models[2].coefficients[0].p_value` from a coding path.
    static func keyPath(_ path: [CodingKey]) -> String {
        var out = ""
        for k in path {
            if let i = k.intValue { out += "[\(i)]"; continue }
            out += (out.isEmpty ? "" : ".") + Self.snake(k.stringValue)
        }
        return out.isEmpty ? "(top level)" : out
    }

    static func snake(_ s: String) -> String {
        var out = ""
        for c in s {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
