// swift-tools-version:5.9
// offshore: offshoring intensities from input-output tables, and their effects estimated on industry panels.
import PackageDescription

let package = Package(
    name: "offshore",
    products: [
        .executable(name: "offshore", targets: ["offshore"]),
        .library(name: "OffshoreKit", targets: ["Linalg", "DataIO", "Spreadsheets", "IOTables", "Accounts", "Offshoring", "ValueChains", "Econometrics", "Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System libraries (Debian: liblapacke-dev, libopenblas-dev, zlib1g-dev).
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // SQLite 3 (Debian: libsqlite3-dev), for the results database of offshore sensitivity.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),

        // Foundations: numbers and files, knowing no economics.
        // Dense linear algebra over LAPACK/BLAS.
        .target(name: "Linalg", dependencies: ["CLapack"]),
        // Files in and out: gzip, streaming CSV, number parsing, TOML documents with line numbers, atomic and staged
        // writes, JSON and CSV escaping.
        .target(name: "DataIO", dependencies: ["CZlib", .product(name: "TOMLKit", package: "TOMLKit")]),
        // Excel workbooks (.xlsx) read directly: the zip container, the workbook's sheets, a sheet's cells with their
        // references; bounded part sizes; knows no economics.
        // Its own zip reader over zlib: ZIPFoundation's zlib module is also named CZlib, and the two cannot be built together.
        .target(name: "Spreadsheets", dependencies: ["DataIO", "CZlib"]),
        // Domain: tables, accounts, measures and panel econometrics, each usable alone.
        // Input-output tables: the multi-regional table model, its readers and validation, classifications, groupings.
        // Reads the WIOD 2016 national tables from their .xlsx workbooks through Spreadsheets.
        .target(name: "IOTables", dependencies: ["DataIO", "Spreadsheets"]),
        // Industry accounts (WIOD Socio-Economic Accounts layout or tidy), deflation and coverage checks for joins.
        .target(name: "Accounts", dependencies: ["DataIO", "Spreadsheets"]),
        // Offshoring intensities (om, os) by industry, aggregate and origin group.
        .target(name: "Offshoring", dependencies: ["IOTables"]),
        // Global value chains from the Leontief inverse: import content of exports (VS, VS1), foreign value added in
        // final output, domestic value added in exports, GVC participation, upstreamness (LU, never the full inverse).
        .target(name: "ValueChains", dependencies: ["Linalg", "IOTables", "DataIO"]),
        // Panel econometrics: data frames, formulas, OLS with fixed effects, IV, SUR, variance estimators.
        .target(name: "Econometrics", dependencies: ["Linalg", "DataIO"]),
        // Publication and the study, side by side.
        // Generic publication: tables, text/Markdown/CSV/LaTeX/HTML renderers, charts, the HTML page; knows no study.
        .target(name: "Reporting", dependencies: ["Offshoring", "ValueChains", "Econometrics"]),
        // The study (offshore estimate): the industry x year panel, the offshoring models, contributions; no output.
        .target(name: "OffshoringModels", dependencies: ["Offshoring", "ValueChains", "IOTables", "Accounts", "Econometrics", "DataIO"]),
        // offshore sensitivity: the measure-and-estimate chain over a grid of variants, results in SQLite.
        .target(name: "Sensitivity", dependencies: ["CSQLite", "Linalg", "OffshoringModels", "Offshoring", "ValueChains", "IOTables", "Accounts", "Econometrics", "Reporting", "DataIO"]),
        // Run folders: what a run writes (estimates, report.json, manifest.json, the report page), reads back,
        // verifies and re-renders; the measure report.
        .target(name: "RunFolders", dependencies: ["OffshoringModels", "Reporting", "Offshoring", "Econometrics", "Linalg", "DataIO"]),

        // Commands: argument handling and calls into the layers above.
        // The command-line interface, as a library so that tests can drive it.
        .target(name: "OffshoreCLI", dependencies: [
            "Reporting", "Offshoring", "ValueChains", "Econometrics", "IOTables", "DataIO", "OffshoringModels", "Sensitivity", "RunFolders",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "offshore", dependencies: ["OffshoreCLI"]),
        // Benchmarks and fuzzing.
        // Load benchmark for the WIOD tables: `swift run -c release offshore-bench [TABLES_DIR]`.
        .executableTarget(name: "offshore-bench", dependencies: ["IOTables", "Offshoring", "DataIO"], path: "Sources/Benchmarks"),
        // Side-by-side performance figures (parsing, measures, estimation at scale, number-parser check):
        // `swift run -c release offshore-perf --help`; benchmarks/compare.py runs it against the Python peers.
        .executableTarget(name: "offshore-perf", dependencies: ["IOTables", "Offshoring", "ValueChains", "Econometrics", "Linalg", "DataIO"], path: "Sources/PerfBench"),

        // Variants per second of offshore sensitivity: `swift run -c release offshore-sensitivity-bench --help`.
        .executableTarget(name: "offshore-sensitivity-bench", dependencies: ["Sensitivity", "OffshoringModels", "DataIO"], path: "Sources/SensitivityBench"),

        // The Monte Carlo size of the tests on the estimate design (issue 17): `swift run -c release offshore-size-study --help`.
        .executableTarget(name: "offshore-size-study", dependencies: ["OffshoringModels", "Econometrics", "DataIO"], path: "Sources/SizeStudy"),

        // Fuzz harnesses of every reader and the formula parser, shared by offshore-fuzz and the corpus replay test.
        .target(name: "FuzzHarnesses", dependencies: ["DataIO", "Spreadsheets", "IOTables", "Accounts", "Econometrics", "OffshoringModels", "Sensitivity", "CZlib"]),
        // libFuzzer harnesses when built by scripts/fuzz.sh (-sanitize=fuzzer -DFUZZING); otherwise a corpus replayer.
        .executableTarget(name: "offshore-fuzz", dependencies: ["FuzzHarnesses"], path: "Sources/Fuzz"),

        // Tests, by module; RunFolders' tests sit with OffshoringModelsTests and ReportingTests, whose fixtures they use.
        // Helpers shared by the test targets: repository paths, temporary folders, a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"], exclude: ["References"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "TestSupport"]),
        .testTarget(name: "IOTablesTests", dependencies: ["IOTables", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "SpreadsheetsTests", dependencies: ["Spreadsheets", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "ValueChainsTests", dependencies: ["ValueChains", "IOTables", "Linalg", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "OffshoringTests", dependencies: ["Offshoring", "IOTables", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "EconometricsTests", dependencies: ["Econometrics", "Linalg", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "CLITests", dependencies: ["OffshoreCLI", "RunFolders", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "RunFolders", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "SensitivityTests", dependencies: ["Sensitivity", "OffshoringModels", "ValueChains", "IOTables", "Offshoring", "DataIO", "TestSupport"]),
        .testTarget(name: "OffshoringModelsTests", dependencies: ["OffshoringModels", "RunFolders", "Accounts", "Econometrics", "IOTables", "DataIO", "TestSupport"], exclude: ["References"]),
        .testTarget(name: "FuzzHarnessesTests", dependencies: ["FuzzHarnesses", "TestSupport"]),
    ]
)
