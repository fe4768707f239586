import DataIO
import IOTables
import Foundation
import OffshoringModels
import TestSupport
import XCTest

/// `offshore estimate` on the bundled WIOD tables written in Eurostat's FIGARO matrix layout (the files Eurostat
/// distributes: `matrix_eu-ic-io_ind-by-ind_<year>.csv`, layout facts and sources in IOTablesTests'
/// FIGAROMatrixReaderTests): the panel and every coefficient bit for bit as on WIOD. Output, which the matrix layout
/// does not carry, comes back exactly as the column totals with the W2 rows (the bundled tables are integers).
extension EstimateAcrossFormatsTests {
    func testEstimateOnTheFIGAROMatrixLayoutGivesTheWIODCoefficients() throws {
        XCTAssertEqual(Self.tables.count, Self.years.count, "bundled tables not readable")
        let dir = try TemporaryDirectory.make(prefix: "offshore-estimate-figaro-matrix").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        try AtomicFile.createDirectories(dir + "/matrix")
        for t in Self.tables {
            let bytes = try FIGAROWriter.matrix(t)
            try bytes.withUnsafeBufferPointer {
                try AtomicFile.write(bytes: $0, to: dir + "/matrix/" + FIGAROWriter.fileName(year: t.year ?? 0, productByProduct: false))
            }
        }
        let wiod = try estimate(tables: Self.bundle + "/wiod2013", in: dir)
        let matrix = try estimate(tables: dir + "/matrix", in: dir)   // detected from the header (rowLabels)
        try assertSamePanel(wiod.panel, matrix.panel, "figaro matrix")
        assertSame(wiod, matrix, models: wiod.outcomes.map(\.spec.name), relative: 0, "figaro matrix")
    }
}
