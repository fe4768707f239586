import Accounts
import DataIO
import Econometrics
import Foundation
import IOTables
import OffshoringModels
import Sensitivity

/// One fuzz harness: a reader of `offshore` (or the formula parser, or the number parser) fed arbitrary bytes.
///
/// `run(_:)` hands the bytes to the real reader, in memory where its API takes bytes or text and through a
/// temporary file where it only takes a path. An `InputError` is the expected answer to bad input and counts as
/// `rejected`; any other thrown error, a trap or a sanitizer report is a finding. Used by the `offshore-fuzz`
/// executable (libFuzzer's entry point in a fuzzing build, a corpus replayer otherwise) and by the replay test.
public enum FuzzHarness: String, CaseIterable, Sendable {
    /// `CSVReader` over the bytes as a file (plain, or gzip when they start with gzip's magic), read with a tiny
    /// and with a 4 KiB buffer; both reads must agree.
    case csv
    /// `CSVReader` over the bytes gzip-compressed in memory first (a valid stream of fuzzed text).
    case csvGzip = "csv-gzip"
    /// `parseNumber` on the bytes, checked against the C library's `strtod` bit for bit.
    case number
    /// `WIODReader` (WIOD wide table).
    case wiod
    /// `ICIOReader` (OECD ICIO wide table).
    case icio
    /// `FIGAROReader` (flat FIGARO table, default layout).
    case figaro
    /// `SUTReader` (tidy national supply-use tables).
    case sut
    /// `OriginShares.read` (origin shares or import values by partner).
    case originShares = "origin-shares"
    /// `Classification.load` of a TOML classification.
    case classification
    /// `Classification.load` of a CSV classification.
    case classificationCSV = "classification-csv"
    /// `Grouping.load` (TOML region grouping).
    case grouping
    /// `EstimateConfig.load` (TOML config of offshore estimate).
    case estimateConfig = "estimate-config"
    /// `SensitivityGrid.load` (TOML grid of offshore sensitivity).
    case sensitivityGrid = "sensitivity-grid"
    /// `AccountsReader.read` (industry accounts, SEA or tidy layout), with and without an industry list.
    case accounts
    /// `DataFrame(csvPath:)` (the data of offshore regress), every column then read as numbers and as a factor.
    case dataframe
    /// `Formula` (fixest-style regression formulas) on the bytes as UTF-8 text, and (one input in four) on the bytes
    /// after the first two nested as deep as the first byte says, in the way the second picks (`FormulaDepth`: up to
    /// 255 levels of parentheses, calls, signs, powers or a sum).
    case formula
    /// `Workbook` (.xlsx) at the zip level (inputs starting `PK` are the file) and at the XML level (other inputs are
    /// the parts, NUL-separated, packed into a valid zip): every sheet and cell read, the national tables' sheet by
    /// `NIOTReader`; a refusal must name the workbook (`XLSXExercise`).
    case xlsx

    /// What a reader made of one input.
    public enum Outcome: Equatable {
        /// The reader accepted the input.
        case accepted
        /// The reader refused it with an `InputError` (the expected answer to bad input).
        case rejected(InputError)
    }

    /// Runs the harness on `data`. Returns whether the reader accepted or refused the input; rethrows any error
    /// that is not an `InputError` (a finding: bad input must be reported as an `InputError`).
    public func run(_ data: UnsafeBufferPointer<UInt8>) throws -> Outcome {
        do {
            try body(data)
            return .accepted
        } catch let e as InputError {
            return .rejected(e)
        }
    }

    /// Runs the harness on `bytes`.
    public func run(_ bytes: [UInt8]) throws -> Outcome {
        try bytes.withUnsafeBufferPointer { try run($0) }
    }

    private func body(_ data: UnsafeBufferPointer<UInt8>) throws {
        switch self {
        case .csv:
            let path = try FuzzFiles.write(data, name: "input.csv")
            try CSVExercise.compareBufferSizes(path: path)
        case .csvGzip:
            let path = try FuzzFiles.write(try FuzzGzip.compress(data), name: "input.csv.gz")
            try CSVExercise.compareBufferSizes(path: path)
        case .number:
            try NumberOracle.check(data)
        case .wiod:
            _ = try WIODReader.read(path: try FuzzFiles.write(data, name: "WIOT2011_fuzz.csv"))
        case .icio:
            _ = try ICIOReader.read(path: try FuzzFiles.write(data, name: "ICIO2011.csv"), year: 2011)
        case .figaro:
            _ = try FIGAROReader.read(path: try FuzzFiles.write(data, name: "figaro_ixi_2011.csv"), year: 2011)
        case .sut:
            _ = try SUTReader.read(path: try FuzzFiles.write(data, name: "SUT_BEL.csv"))
        case .originShares:
            _ = try OriginShares.read(path: try FuzzFiles.write(data, name: "SUT_BEL_origin_values.csv"))
        case .classification:
            _ = try Classification.load(path: try FuzzFiles.write(data, name: "classification.toml"))
        case .classificationCSV:
            _ = try Classification.load(path: try FuzzFiles.write(data, name: "classification.csv"))
        case .grouping:
            _ = try Grouping.load(path: try FuzzFiles.write(data, name: "grouping.toml"))
        case .estimateConfig:
            _ = try EstimateConfig.load(path: try FuzzFiles.write(data, name: "estimate.toml"), bundle: FuzzFiles.bundle)
        case .sensitivityGrid:
            _ = try SensitivityGrid.load(path: try FuzzFiles.write(data, name: "grid.toml"), bundle: FuzzFiles.bundle)
        case .accounts:
            let path = try FuzzFiles.write(data, name: "accounts.csv")
            _ = try AccountsReader.read(path: path)
            _ = try AccountsReader.read(path: path, industries: ["c1", "c2", "c3"], aliases: ["15t16": "c3"])
        case .dataframe:
            let frame = try DataFrame(csvPath: try FuzzFiles.write(data, name: "data.csv"))
            for name in frame.names {
                _ = try? frame.numeric(name)
                _ = try? frame.factor(name)
            }
        case .formula:
            let text = String(decoding: data, as: UTF8.self)
            // One input in four (by its second byte) is also parsed nested, the rest of its bytes inside: that costs
            // about as much as three plain parses.
            if data.count >= 2 && data[1] & 3 == 0 {
                let rest = String(decoding: UnsafeBufferPointer(rebasing: data[2...]), as: UTF8.self)
                try FormulaDepth.exercise(rest, levels: Int(data[0]), variant: Int(data[1] >> 2))
            }
            let f = try Formula(text)
            _ = f.variables
        case .xlsx:
            try XLSXExercise.exercise(data)
        }
    }
}
