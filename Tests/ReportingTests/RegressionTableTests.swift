import XCTest
@testable import Reporting

final class RegressionTableTests: XCTestCase {
    /// The fixture table; `decimals` asks for fixed decimals (as `--digits 3`) instead of the default 3 significant digits.
    func table(_ lang: Language = .en, beneath: BeneathStatistic = .standardError, decimals: Int? = nil) throws -> PublicationTable {
        try RegressionTableBuilder.table(Fixtures.models, options: RegressionTableOptions(
            language: lang, style: decimals.map { NumberStyle.standard(for: lang, digits: $0) }, beneath: beneath,
            labels: Fixtures.labels, caption: "Investment and firm value", label: "tab:grunfeld"))
    }

    /// Issue 18 item 1: estimates in percentage points no longer print as 0.000 (0.000): three significant digits
    /// by default (etable, esttab's a3), fixed decimals when asked.
    func testEstimatesHaveThreeSignificantDigitsByDefault() throws {
        let rows = try table().body.compactMap { r -> (String, [TableCell])? in
            if case let .data(l, c, _) = r { return (l, c) }
            return nil
        }
        let byLabel = Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byLabel["Firm value"]?.map(\.text), ["0.110", "0.118", "0.000610"])
        XCTAssertEqual(byLabel["om_CEE {materials}"]?.map(\.plain), ["", "", "-0.0421"])
        XCTAssertEqual(byLabel["Constant"]?.map(\.plain), ["", "", "1.23***"])
        XCTAssertEqual(byLabel["Within R²"]?.map(\.text), ["0.767", "0.725", ""], "fit statistics keep three decimals")
        let i = try XCTUnwrap(rows.firstIndex { $0.0 == "Capital stock" })
        XCTAssertEqual(rows[i + 1].1.map(\.text), ["(0.0174)", "(0.0227)", ""])
        var st = NumberStyle()
        st.significantDigits = 3
        XCTAssertEqual([0.000999, 0.0009996, -12.3456, 1234.5, 0, 0.5].map(st.estimate), ["0.000999", "0.00100", "-12.3", "1234", "0.000", "0.500"])
    }

    func testGoldenFilesInEveryFormat() throws {
        let t = try table()
        Support.assertGolden(t.render(.text), "regression.txt")
        Support.assertGolden(t.render(.markdown), "regression.md")
        Support.assertGolden(t.render(.csv), "regression.csv")
        Support.assertGolden(t.render(.latex), "regression.tex")
        Support.assertGolden(t.render(.latex, standalone: true), "regression-standalone.tex")
        Support.assertGolden(t.render(.html), "regression.html")
    }

    func testGoldenDutchAndFrenchWithDecimalComma() throws {
        Support.assertGolden(try table(.nl).render(.text), "regression-nl.txt")
        Support.assertGolden(try table(.fr, beneath: .confidenceInterval(level: 0.95)).render(.text), "regression-fr-ci.txt")
        Support.assertGolden(try table(.nl).render(.csv, csvSeparator: ";"), "regression-nl.csv")
    }

    func testLayoutEtableStyle() throws {
        let t = try table(decimals: 3)
        XCTAssertEqual(t.columnCount, 3)
        // Model numbers, then the dependent variable merged over the two models that share it.
        XCTAssertEqual(t.header[0].cells.map(\.text), ["(1)", "(2)", "(3)"])
        XCTAssertEqual(t.header[1].cells.map(\.text), ["Investment", "log_invest"])
        XCTAssertEqual(t.header[1].cells.map(\.span), [2, 1])
        let rows = t.body.compactMap { r -> (String, [TableCell])? in
            if case let .data(l, c, _) = r { return (l, c) }
            return nil
        }
        let byLabel = Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byLabel["Firm value"]?.map(\.text), ["0.110", "0.118", "0.001"])
        XCTAssertEqual(byLabel["Firm value"]?.map(\.mark), ["***", "***", "***"])
        XCTAssertEqual(byLabel["om_CEE {materials}"]?.map(\.plain), ["", "", "-0.042"])
        XCTAssertEqual(byLabel["Services offshoring"]?.map(\.plain), ["", "", "0.073*"], "0.0735 is stored below the tie")
        XCTAssertEqual(byLabel["Constant"]?.map(\.plain), ["", "", "1.234***"], "1.2345 is stored as 1.23449999...")
        XCTAssertEqual(byLabel["Firm"]?.map(\.text), ["Yes", "Yes", "No"])
        XCTAssertEqual(byLabel["Year"]?.map(\.text), ["No", "Yes", "No"])
        XCTAssertEqual(byLabel["Observations"]?.map(\.text), ["200", "200", "1234"])
        XCTAssertEqual(byLabel["Within R²"]?.map(\.text), ["0.767", "0.725", ""])
        XCTAssertEqual(byLabel["Standard errors"]?.map(\.text), ["IID", "IID", "Clustered (firm)"])
        XCTAssertEqual(t.notes.first, "Standard errors in parentheses. Significance: *** p<0.01, ** p<0.05, * p<0.1.")
        // Standard errors beneath each coefficient, in parentheses.
        let i = try XCTUnwrap(rows.firstIndex { $0.0 == "Capital stock" })
        XCTAssertEqual(rows[i + 1].0, "")
        XCTAssertEqual(rows[i + 1].1.map(\.text), ["(0.017)", "(0.023)", ""])
    }

    func testBeneathTAndConfidenceIntervals() throws {
        let t = try table(.en, beneath: .tStatistic, decimals: 3)
        guard case let .data(_, cells, _)? = t.body.dropFirst().first else { return XCTFail("no second row") }
        XCTAssertEqual(cells[0].text, "(9.288)") // 0.1101238 / 0.0118567
        let ci = try table(.en, beneath: .confidenceInterval(level: 0.95), decimals: 3)
        guard case let .data(_, c2, _)? = ci.body.dropFirst().first else { return XCTFail("no second row") }
        // R: 0.1101238 + c(-1, 1) * qt(0.975, 188) * 0.0118567 = 0.08673453026 0.13351306974
        XCTAssertEqual(c2[0].text, "[0.087, 0.134]")
        XCTAssertTrue(ci.notes[0].hasPrefix("95% confidence intervals in brackets."), ci.notes[0])
        let fr = try table(.fr, beneath: .confidenceInterval(level: 0.95), decimals: 3)
        guard case let .data(_, c3, _)? = fr.body.dropFirst().first else { return XCTFail("no second row") }
        XCTAssertEqual(c3[0].text, "[0,087; 0,134]", "a semicolon between the bounds when the decimal mark is a comma")
    }

    func testKeepDropOrder() throws {
        var o = RegressionTableOptions(labels: Fixtures.labels, keep: ["value", "o*"], order: ["os"])
        var t = try RegressionTableBuilder.table(Fixtures.models, options: o)
        let labels = t.body.compactMap { r -> String? in
            if case let .data(l, _, _) = r, !l.isEmpty { return l }
            return nil
        }
        XCTAssertEqual(Array(labels.prefix(3)), ["Services offshoring", "Firm value", "om_CEE {materials}"])
        o = RegressionTableOptions(drop: ["(Intercept)", "*value"])
        t = try RegressionTableBuilder.table(Fixtures.models, options: o)
        XCTAssertFalse(t.render(.text).contains("Constant"))
        XCTAssertFalse(t.render(.csv).contains("value,"))
        XCTAssertThrowsError(try RegressionTableBuilder.table(Fixtures.models, options: RegressionTableOptions(keep: ["nosuch"]))) { e in
            XCTAssertTrue("\(e)".contains("keep") && "\(e)".contains("nosuch") && "\(e)".contains("capital"), "\(e)")
        }
        XCTAssertThrowsError(try RegressionTableBuilder.table(Fixtures.models, options: RegressionTableOptions(drop: ["*"])))
        XCTAssertThrowsError(try RegressionTableBuilder.table([], options: RegressionTableOptions()))
        XCTAssertTrue(RegressionTableBuilder.matches("om_cee", "om*"))
        XCTAssertTrue(RegressionTableBuilder.matches("log(K)", "*(K)"))
        XCTAssertTrue(RegressionTableBuilder.matches("a_b_c", "a*c"))
        XCTAssertFalse(RegressionTableBuilder.matches("om", "om*x"))
        XCTAssertFalse(RegressionTableBuilder.matches("xom", "om*"))
    }

    func testLabelsFileWithLanguagesAndErrors() throws {
        let text = """
        value = "Firm value"
        "(Intercept)" = "Intercept"
        [nl]
        value = "Bedrijfswaarde"
        """
        let l = try VariableLabels(text: text, path: "labels.toml")
        XCTAssertEqual(l.label("value", .en), "Firm value")
        XCTAssertEqual(l.label("value", .nl), "Bedrijfswaarde")
        XCTAssertEqual(l.label("value", .fr), "Firm value")
        XCTAssertEqual(l.label("(Intercept)", .fr), "Intercept")
        XCTAssertEqual(VariableLabels().label("(Intercept)", .nl), "Constante")
        XCTAssertEqual(l.label("capital", .en), "capital")
        XCTAssertThrowsError(try VariableLabels(text: "a = \"x\"\nvalue = 3\n", path: "labels.toml")) { e in
            XCTAssertTrue("\(e)".hasPrefix("labels.toml:2: 'value'"), "\(e)")
        }
        XCTAssertThrowsError(try VariableLabels(text: "[de]\nvalue = \"Wert\"\n", path: "labels.toml")) { e in
            XCTAssertTrue("\(e)".contains("de"), "\(e)")
        }
        XCTAssertThrowsError(try VariableLabels(text: "[nl]\nvalue = 1\n", path: "l.toml")) { e in
            XCTAssertTrue("\(e)".hasPrefix("l.toml:2: 'nl.value'"), "\(e)")
        }
    }
}
