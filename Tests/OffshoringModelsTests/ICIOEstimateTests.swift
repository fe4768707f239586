import DataIO
import Foundation
import IOTables
import OffshoringModels
import TestSupport
import XCTest

extension EstimateAcrossFormatsTests {
    /// `offshore estimate` on the OECD ICIO layouts as distributed, with China and Mexico in split blocks: the 2021
    /// layout (MX1 MX2 CN1 CN2 after ROW, final demand country-major; exvatools R/extract_icio.R) from a zip archive of
    /// the yearly files, and the 2016 layout (MX1-MX3, CN1-CN4, component-major final demand and a discrepancy
    /// column; exvatools' icio2016 branch, pymrio `parse_oecd`) from a folder: every panel column and coefficient of
    /// the WIOD run, bit for bit (the split shares are powers of two, so the blocks add back exactly).
    func testEstimateOnTheICIOLayoutsWithSplitBlocksGivesTheWIODCoefficients() throws {
        let dir = try TemporaryDirectory.make(prefix: "offshore-estimate-icio").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        for sub in ["icio2021", "icio2016"] { try AtomicFile.createDirectories(dir + "/" + sub) }
        var names: [String] = []
        for t in Self.tables {
            let y = t.year ?? 0
            for (edition, splits, sub) in [(ICIOWriter.Edition.icio2021, ICIOWriter.Split.icio2021, "icio2021"), (.icio2016, ICIOWriter.Split.icio2016, "icio2016")] {
                let bytes = try ICIOWriter.write(t, edition: edition, splits: splits)
                try bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: "\(dir)/\(sub)/\(edition.fileName(year: y))") }
            }
            names.append(ICIOWriter.Edition.icio2021.fileName(year: y))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        p.currentDirectoryURL = URL(fileURLWithPath: dir + "/icio2021")
        p.arguments = ["-q", dir + "/ICIO_1995-1997.zip"] + names
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)

        let wiod = try estimate(tables: Self.bundle + "/wiod2013", in: dir)
        let all = wiod.outcomes.map(\.spec.name)
        for (tables, what) in [(dir + "/ICIO_1995-1997.zip", "icio 2021 zip"), (dir + "/icio2016", "icio 2016")] {
            let run = try estimate(tables: tables, in: dir)
            try assertSamePanel(wiod.panel, run.panel, what)
            assertSame(wiod, run, models: all, relative: 0, what)
        }
    }
}
