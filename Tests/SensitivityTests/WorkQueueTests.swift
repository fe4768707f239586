import DataIO
import Foundation
@testable import Sensitivity
import TestSupport
import XCTest

/// The runner's work queue (`VariantQueue`): whatever the number of workers, the size of the window and the
/// commits, the database is the same, row for row and in the same order (its SQL dump byte for byte), and so is
/// the summary.
final class WorkQueueTests: XCTestCase {
    /// 36 variants: three groupings, two denominators, two estimators, three SE types.
    func grid() throws -> SensitivityGrid {
        SensitivityGrid(baseConfig: try Fixture.shared.get().config.path ?? "", keyTerms: ["om", "os", "om_CEE"],
                        generators: [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL", "HUN"])],
                        denominators: [.nonenergy, .output], estimators: ["model", "unweighted"], vcov: ["model", "hc1", "iid"])
    }

    func run(_ db: String, threads: Int, limit: Int? = nil, window: Int = 4096, commitInterval: Double = 0.5) throws -> SensitivityRunSummary {
        var options = RunOptions(threads: threads, limit: limit, toolVersion: "test")
        options.queueWindow = window
        options.commitInterval = commitInterval
        return try SensitivityRunner.run(grid: try grid(), chain: try Fixture.chain.get(), databasePath: db, options: options)
    }

    /// The whole database as SQL (`sqlite3 .dump`: every table's rows in storage order) and the summary CSV.
    func contents(_ db: String) throws -> (dump: String, summary: String) {
        (try SQLiteShell.run(db, ".dump"), try StabilitySummary.compute(database: try ResultsDatabase.open(path: db)).csv())
    }

    func testOneTwoAndThreeWorkersWriteTheSameDatabaseByteForByte() throws {
        let dir = try Fixture.temporaryDirectory()
        let one = try run(dir + "/1.db", threads: 1)
        XCTAssertEqual(one.computed, 36)
        XCTAssertFalse(one.stoppedEarly)
        let reference = try contents(dir + "/1.db")
        XCTAssertTrue(reference.dump.contains("CREATE INDEX estimates_variant"))
        XCTAssertGreaterThan(reference.dump.components(separatedBy: "INSERT INTO estimates ").count, 36 * 20)
        for threads in [2, 3] {
            let s = try run(dir + "/\(threads).db", threads: threads)
            XCTAssertEqual(s.computed, 36)
            let c = try contents(dir + "/\(threads).db")
            XCTAssertEqual(c.dump, reference.dump, "\(threads) threads")
            XCTAssertEqual(c.summary, reference.summary, "\(threads) threads")
        }
        // A window of three variants (workers wait for the writer) and a commit whenever the front finishes.
        let tight = try run(dir + "/tight.db", threads: 3, window: 3, commitInterval: 0)
        XCTAssertEqual(tight.computed, 36)
        let c = try contents(dir + "/tight.db")
        XCTAssertEqual(c.dump, reference.dump)
        XCTAssertEqual(c.summary, reference.summary)
    }

    func testARunStoppedByItsLimitAndResumedOnOtherThreadsEqualsOneRun() throws {
        let dir = try Fixture.temporaryDirectory()
        _ = try run(dir + "/1.db", threads: 1)
        let db = dir + "/resumed.db"
        let first = try run(db, threads: 2, limit: 7, window: 2, commitInterval: 0)
        XCTAssertEqual(first.computed, 7)
        XCTAssertTrue(first.stoppedEarly)
        XCTAssertEqual(try ResultsDatabase.open(path: db).counts().done, 7)
        let second = try run(db, threads: 3)
        XCTAssertEqual(second.alreadyDone, 7)
        XCTAssertEqual(second.computed, 29)
        XCTAssertEqual(try contents(db).dump, try contents(dir + "/1.db").dump)
    }

    /// A commit that fails stops the workers and is thrown; nothing after it is written.
    func testAFailedCommitStopsTheWorkersAndIsThrown() throws {
        struct Full: Error {}
        let chain = try Fixture.chain.get()
        let variants = VariantSpace.expand(grid: try grid(), groupings: try chain.groupings(for: try grid()))
        var commits: [[String]] = []
        let queue = VariantQueue(todo: variants, threads: 2, window: 4, commitInterval: 0, commitSize: 2, write: { outcomes in
            commits.append(outcomes.map(\.variant.id))
            if commits.count == 2 { throw Full() }
        })
        let groupings = try chain.groupings(for: try grid())
        SensitivityRunner.work(queue, chain: chain, groupings: groupings, threads: 2)
        XCTAssertThrowsError(try queue.drain()) { XCTAssertTrue($0 is Full) }
        XCTAssertTrue(queue.stopped)
        XCTAssertEqual(commits.count, 2)
        // The commits came in grid order, without a gap.
        XCTAssertEqual(commits.flatMap { $0 }, Array(variants.prefix(commits.flatMap { $0 }.count).map(\.id)))
        XCTAssertLessThan(queue.gathered, variants.count)
    }
}
