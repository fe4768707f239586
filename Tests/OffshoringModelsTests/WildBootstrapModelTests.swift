import DataIO
import Econometrics
import Foundation
import OffshoringModels
import XCTest
import TestSupport

/// An estimate config's model can ask for a wild cluster bootstrap (`bootstrap = "wild:..."`, typed like `vcov`):
/// the outcome's record then carries the bootstrap's p-values and intervals. No preset names one (a model on few
/// clusters gets the default one instead: DefaultBootstrapTests).
final class WildBootstrapModelTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "estimate-bootstrap") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func load(_ text: String) throws -> EstimateConfig {
        let p = dir.appendingPathComponent("c.toml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return try EstimateConfig.load(path: p, bundle: "/b")
    }

    func testConfigBootstrapRunsAndReachesTheRecord() throws {
        let c = try load("[[model]]\npreset = \"skill_share\"\nbootstrap = \"wild:reps=999,seed=3\"\n")
        let spec = try XCTUnwrap(c.models.first { $0.name == "skill_share" })
        XCTAssertEqual(spec.bootstrap, WildBootstrapSpec(reps: 999, seed: 3))
        XCTAssertTrue(c.resolvedTOML().contains("bootstrap = \"wild:reps=999,weights=webb,type=restricted,seed=3\""))
        let (panel, _) = try Bundled.panel.get()
        let outcome = try ModelRunner.run(spec, panel: panel)
        let boot = try XCTUnwrap(outcome.bootstrap)
        XCTAssertEqual(boot.clusters, 14)
        XCTAssertEqual(boot.draws, 999)
        let record = outcome.record
        XCTAssertEqual(record.bootstrap?.spec.seed, 3)
        XCTAssertTrue(record.equations[0].terms.allSatisfy { $0.bootstrap.map { $0.pValue >= 0 && $0.pValue <= 1 } ?? false })
        // The defaults ask for none.
        XCTAssertTrue(ModelPresets.all.allSatisfy { $0.bootstrap == nil })
    }

    func testBadBootstrapNamesTheKey() {
        for (text, word) in [("[[model]]\npreset = \"skill_share\"\nbootstrap = \"wild:reps=5\"\n", "reps=5"),
                             ("[[model]]\nname = \"s\"\nequations = [\"y ~ x\"]\nbootstrap = \"wild\"\n", "SUR system")] {
            do {
                _ = try load(text)
                XCTFail("accepted \(text)")
            } catch let e as InputError {
                XCTAssertTrue(e.description.contains("bootstrap") && e.description.contains(word), e.description)
            } catch { XCTFail("\(error)") }
        }
    }
}
