import DataIO
@testable import Econometrics
import XCTest

/// Designs that cannot be estimated give an `InputError` that says why, never a crash or silent NaN.
final class RegressionErrorTests: XCTestCase {
    func grunfeld() throws -> DataFrame { try DataFrame(csvPath: Paths.grunfeld) }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as InputError { return e.description } catch { return "not an InputError: \(error)" }
    }

    func testEveryRegressorCollinearWithTheFixedEffects() throws {
        let g = try grunfeld()
        let m = message { _ = try regress(formula: Formula("invest ~ firm | firm"), data: g) }
        XCTAssertTrue(m?.contains("every regressor is collinear") ?? false, m ?? "no error")
    }

    func testOneClusterIsNotEnough() throws {
        var g = try grunfeld()
        try g.setColumn("one", .numeric([Double](repeating: 1, count: g.rowCount)))
        let m = message { _ = try regress(formula: Formula("invest ~ value"), data: g, options: RegressionOptions(vcov: .cluster(["one"], smallSample: true))) }
        XCTAssertTrue(m?.contains("at least 2 clusters") ?? false, m ?? "no error")
    }

    func testAbsurdLagsAndProductsAreRejectedAtParseTime() {
        XCTAssertNotNil(message { _ = try Formula("y ~ l(x, 1e30)") })
        XCTAssertNotNil(message { _ = try Formula("y ~ a*b*c*d*e*f*g*h") })
    }

    func testDuplicatePanelRowsAreNamed() throws {
        let g = try grunfeld()
        let m = message { _ = try regress(formula: Formula("invest ~ l(value)"), data: g, panel: Panel(entity: "firm", time: "invest")) }
        XCTAssertTrue(m?.contains("whole numbers") ?? false, m ?? "no error")
        var h = g.selecting(rows: [0, 0, 1])
        try h.setColumn("t", .numeric([1, 1, 2]))
        let d = message { _ = try regress(formula: Formula("invest ~ l(value)"), data: h, panel: Panel(entity: "firm", time: "t")) }
        XCTAssertTrue(d?.contains("two rows") ?? false, d ?? "no error")
    }

    func testNoResidualDegreesOfFreedom() throws {
        let g = try grunfeld().selecting(rows: [0, 1])
        XCTAssertNotNil(message { _ = try regress(formula: Formula("invest ~ value"), data: g) })
    }
}
