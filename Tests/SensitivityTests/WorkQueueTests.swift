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

    /// Runs follow measure sets: a worker takes the rest of one set (however long, up to 64 variants) or whole
    /// small sets up to 8 variants, so that two workers never compute one set's shared measures side by side;
    /// only the shrinking runs at the end of the list may cut a set.
    func testRunsAreWholeMeasureSetsUntilTheTail() throws {
        let chain = try Fixture.chain.get()
        let variants = Array(VariantSpace.expand(grid: try grid(), groupings: try chain.groupings(for: try grid())).prefix(36))
        let sizes = [12, 8, 3, 3, 1, 1, 1, 4, 3]
        XCTAssertEqual(sizes.reduce(0, +), variants.count)
        let sets = sizes.enumerated().flatMap { k, n in Array(repeating: k, count: n) }
        XCTAssertEqual(VariantQueue.setEnds([0, 0, 1, 2, 2, 2]), [2, 2, 3, 6, 6, 6])
        let queue = VariantQueue(todo: variants, threads: 2, window: 4096, commitInterval: 0.5, commitSize: 100, measureSets: sets,
                                 write: { _ in })
        var runs: [Range<Int>] = []
        while let r = queue.take(stop: { false }) { runs.append(r) }
        XCTAssertEqual(runs.flatMap { Array($0) }, Array(0..<36), "every variant once, in order")
        // Worked by hand (tail = what is left over twice the workers): 0..<9 (set 0 cut at the tail size 9),
        // 9..<12 (its rest), 12..<18 (set 1 cut at 24 / 4), 18..<20 (its rest), 20..<23 (set 2), 23..<26 (set 3),
        // 26..<28 (sets 4 and 5 together), 28..<29 (set 6), then single variants.
        XCTAssertEqual(runs.map(\.count), [9, 3, 6, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1])
        let boundaries = Set(sets.indices.filter { $0 == 0 || sets[$0] != sets[$0 - 1] })
        for r in runs where r.count > 1 {
            let inside = r.dropFirst().filter { boundaries.contains($0) }
            let cutsASet = !boundaries.contains(r.lowerBound) || (!boundaries.contains(r.upperBound) && r.upperBound < 36)
            // A run that holds several sets holds them whole and at most 8 variants; one that cuts a set is a tail run.
            if !inside.isEmpty { XCTAssertLessThanOrEqual(r.count, 8, "\(r)") }
            if cutsASet { XCTAssertLessThanOrEqual(r.count, max(1, (36 - r.lowerBound) / 4), "\(r) cuts a set and is not a tail run") }
        }
        // Without measure sets: runs of 8 until the tail, as before.
        let plain = VariantQueue(todo: variants, threads: 2, window: 4096, commitInterval: 0.5, commitSize: 100, write: { _ in })
        var first: [Int] = []
        while let r = plain.take(stop: { false }) { first.append(r.count) }
        XCTAssertEqual(first.prefix(2), [8, 7])
    }
}
