import XCTest

/// Tables warn when cluster-robust inference rests on few clusters, and only then.
final class FewClustersWarningTests: XCTestCase {
    func testTenFirmsTriggerTheWarningAndTwentyYearsDoNot() throws {
        let data = CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path
        let firms = try CLI.run(["regress", "--data", data, "--formula", "invest ~ value + capital | firm", "--vcov", "cluster:firm"])
        XCTAssertEqual(firms.status, 0, firms.stderr)
        XCTAssertTrue(firms.stdout.contains("Warning: only 10 clusters"), firms.stdout)
        let iid = try CLI.run(["regress", "--data", data, "--formula", "invest ~ value + capital | firm"])
        XCTAssertFalse(iid.stdout.contains("clusters;"), iid.stdout)
        let many = try CLI.run(["regress", "--data", data, "--formula", "invest ~ value + capital", "--vcov", "hc1"])
        XCTAssertFalse(many.stdout.contains("Warning: only"), many.stdout)
    }
}
