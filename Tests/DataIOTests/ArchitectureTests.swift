import Foundation
import TestSupport
import XCTest

/// The module graph the README's architecture section draws, held against the real `import` lines of every file
/// under Sources/: a module imports only modules of a lower layer (and the system libraries and packages it is
/// given). A new module must be placed in a layer here, which is the point: the layering is a decision.
final class ArchitectureTests: XCTestCase {
    /// Layers from the bottom; a module may import any module of a lower layer, none of its own or a higher one.
    static let layers: [[String]] = [
        ["CLapack", "CZlib", "CSQLite"],
        ["Linalg", "DataIO"],
        ["Spreadsheets"],
        ["IOTables", "Accounts", "Econometrics"],
        ["Offshoring", "ValueChains"],
        ["Reporting", "OffshoringModels"],
        ["Sensitivity"],
        ["RunFolders"],
        ["OffshoreCLI"],
    ]
    /// What a module may import besides the layers below it (system modules and resolved packages).
    static let external: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch", "XCTest", "TOMLKit", "ArgumentParser",
                                        "ZIPFoundation", "FoundationXML", "FoundationEssentials", "Synchronization"]

    func testEveryModuleImportsOnlyLowerLayers() throws {
        var layerOf: [String: Int] = [:]
        for (k, layer) in Self.layers.enumerated() { for m in layer { layerOf[m] = k } }
        let sources = RepositoryPaths.file("Sources")
        let fm = FileManager.default
        var checked = 0
        for module in try fm.contentsOfDirectory(atPath: sources.path).sorted() {
            guard let own = layerOf[module] else { continue }  // executables, benchmarks and fuzz harnesses sit on top
            guard let files = fm.enumerator(atPath: sources.appendingPathComponent(module).path) else { continue }
            while let f = files.nextObject() as? String {
                guard f.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: sources.appendingPathComponent(module).appendingPathComponent(f), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                    let name = String(line.split(separator: " ").last ?? "")
                    if Self.external.contains(name) { continue }
                    guard let theirs = layerOf[name] else { XCTFail("\(module)/\(f) imports \(name), which no layer lists"); continue }
                    XCTAssertLessThan(theirs, own, "\(module)/\(f) imports \(name): a module of the same or a higher layer")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100, "the Swift files of the layered modules were read")
    }

    func testTheStudyKnowsNoOutputFormatAndReportingKnowsNoStudy() throws {
        let sources = RepositoryPaths.file("Sources")
        for (module, forbidden) in [("OffshoringModels", "Reporting"), ("Reporting", "OffshoringModels")] {
            let dir = sources.appendingPathComponent(module)
            for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
                XCTAssertFalse(text.contains("import \(forbidden)\n"), "\(module)/\(f) imports \(forbidden)")
            }
        }
    }
}
