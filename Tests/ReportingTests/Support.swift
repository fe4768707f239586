import Foundation
import XCTest
@testable import Reporting
import TestSupport

/// Paths and golden-file comparison shared by the reporting tests.
enum Support {
    /// The repository root (the folder holding Package.swift).
    static var repositoryRoot: URL { RepositoryPaths.root }

    /// The golden files' folder.
    static var goldenRoot: URL { repositoryRoot.appendingPathComponent("Tests/ReportingTests/Golden") }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ name: String) throws -> URL {
        try TemporaryDirectory.make(prefix: "offshore-reporting-\(name)")
    }

    /// Compares `text` byte for byte with the golden file `name`. With OFFSHORE_UPDATE_GOLDEN=1 in the
    /// environment the golden file is (re)written instead, and the test fails so that nobody forgets to review it.
    static func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = goldenRoot.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["OFFSHORE_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("golden file \(name) rewritten; review it with git diff and run again without OFFSHORE_UPDATE_GOLDEN", file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("golden file \(url.path) is missing; create it with OFFSHORE_UPDATE_GOLDEN=1", file: file, line: line)
            return
        }
        guard expected != text else { return }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        var hint = "output differs from golden file \(name)"
        if let k = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            hint += " at line \(k + 1):\n  expected: \(a[k])\n  actual:   \(b[k])"
        } else {
            hint += ": expected \(a.count) lines, got \(b.count)"
        }
        hint += "\n(if the change is intended: OFFSHORE_UPDATE_GOLDEN=1 swift test --filter ReportingTests, then review git diff)"
        XCTFail(hint, file: file, line: line)
    }

    /// pdflatex's path, or `nil` when it is not installed or OFFSHORE_SKIP_LATEX=1 (scripts/test.sh's switch).
    static var pdflatex: String? {
        ProcessInfo.processInfo.environment["OFFSHORE_SKIP_LATEX"] == "1" ? nil : which("pdflatex")
    }

    /// Finds an executable on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Headless Chromium's path for the page-rendering tests, or an XCTSkip naming `what` when Chromium is not
    /// installed or OFFSHORE_SKIP_BROWSER=1 (scripts/test.sh installs it from Debian where it can).
    static func chromium(_ what: String) throws -> String {
        let skip = ProcessInfo.processInfo.environment["OFFSHORE_SKIP_BROWSER"] == "1"
        guard !skip, let path = which("chromium") ?? which("chromium-browser") ?? which("google-chrome") else {
            throw XCTSkip("Chromium is not installed (or OFFSHORE_SKIP_BROWSER=1): \(what) was not rendered (apt-get install chromium)")
        }
        return path
    }

    /// Runs a program, returning its status and combined output; kills it after `timeout` seconds.
    static func run(_ path: String, _ args: [String], in dir: URL, timeout: TimeInterval = 120) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = dir
        // Output goes to a file, so that a chatty program cannot block on a full pipe.
        let logURL = dir.appendingPathComponent(".run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? FileManager.default.removeItem(at: logURL) }
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        try? log.close()
        let data = (try? Data(contentsOf: logURL)) ?? Data()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Fixed results for the golden files: the Grunfeld figures of METHOD.md and a made-up third model with a
/// negative coefficient and an intercept.
enum Fixtures {
    static let models: [ModelSummary] = [
        ModelSummary(title: "", dependent: "invest", coefficients: [
            .init(term: "value", estimate: 0.1101238, standardError: 0.0118567, pValue: 1.2e-16, degreesOfFreedom: 188),
            .init(term: "capital", estimate: 0.3100653, standardError: 0.0173545, pValue: 3.1e-40, degreesOfFreedom: 188),
        ], observations: 200, r2: 0.944, adjustedR2: 0.941, withinR2: 0.76676, fixedEffects: ["firm"],
        standardErrorType: "IID", sample: "1935-1954"),
        ModelSummary(title: "", dependent: "invest", coefficients: [
            .init(term: "value", estimate: 0.1177159, standardError: 0.0137513, pValue: 4.0e-15, degreesOfFreedom: 169),
            .init(term: "capital", estimate: 0.3579163, standardError: 0.0227190, pValue: 2.2e-34, degreesOfFreedom: 169),
        ], observations: 200, r2: 0.9517, adjustedR2: 0.9431, withinR2: 0.7253, fixedEffects: ["firm", "year"],
        standardErrorType: "IID", sample: "1935-1954"),
        ModelSummary(title: "", dependent: "log_invest", coefficients: [
            .init(term: "(Intercept)", estimate: 1.2345, standardError: 0.4321, pValue: 0.0047, degreesOfFreedom: 197),
            .init(term: "value", estimate: 0.00061, standardError: 0.00009, pValue: 1.0e-10, degreesOfFreedom: 197),
            .init(term: "om_cee", estimate: -0.0421, standardError: 0.0310, pValue: 0.176, degreesOfFreedom: 197),
            .init(term: "os", estimate: 0.0735, standardError: 0.0402, pValue: 0.069, degreesOfFreedom: 197),
        ], observations: 1234, r2: 0.3127, adjustedR2: 0.3057, standardErrorType: "Clustered (firm)", sample: "1935-1954 & more"),
    ]

    static let labels = VariableLabels(common: ["value": "Firm value", "capital": "Capital stock", "om_cee": "om_CEE {materials}",
                                                "os": "Services offshoring", "invest": "Investment", "firm": "Firm", "year": "Year"],
                                       byLanguage: [.nl: ["value": "Bedrijfswaarde", "capital": "Kapitaalvoorraad",
                                                          "invest": "Investeringen", "firm": "Bedrijf", "year": "Jaar"],
                                                    .fr: ["value": "Valeur de la firme", "capital": "Stock de capital",
                                                          "invest": "Investissement", "firm": "Firme", "year": "Année"]])
}
