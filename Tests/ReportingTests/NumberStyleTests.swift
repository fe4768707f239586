import XCTest
@testable import Reporting

final class NumberStyleTests: XCTestCase {
    func testDecimalPointAndCommaWithRounding() {
        let en = NumberStyle(digits: 3)
        XCTAssertEqual(en.format(0.1101238), "0.110")
        XCTAssertEqual(en.format(-0.0421), "-0.042")
        XCTAssertEqual(en.format(2.0005), "2.001", "2.0005 is stored as 2.000500000000000078")
        XCTAssertEqual(en.format(1.2345), "1.234", "1.2345 is stored as 1.234499999999999931, as R's sprintf")
        XCTAssertEqual(en.format(0.125, digits: 2), "0.12", "an exact tie goes to even, as printf and R")
        XCTAssertEqual(en.format(-0.0004), "0.000", "no sign on a value that rounds to zero")
        XCTAssertEqual(en.format(35.68, digits: 1), "35.7")
        XCTAssertEqual(en.format(12345.678, digits: 0), "12346")
        let nl = NumberStyle.standard(for: .nl, digits: 2)
        XCTAssertTrue(nl.decimalComma)
        XCTAssertEqual(nl.format(35.68), "35,68")
        XCTAssertEqual(nl.format(-0.1), "-0,10")
        let fr = NumberStyle.standard(for: .fr)
        XCTAssertEqual(fr.format(0.3100653), "0,310")
        XCTAssertFalse(NumberStyle.standard(for: .en).decimalComma)
    }

    func testThousandsSeparatorsOffByDefaultAndLanguageAware() {
        XCTAssertEqual(NumberStyle().format(1234567), "1234567")
        XCTAssertEqual(NumberStyle(thousandsSeparator: true).format(1234567), "1,234,567")
        XCTAssertEqual(NumberStyle(digits: 2, decimalComma: true, thousandsSeparator: true).format(-1234567.891), "-1.234.567,89")
        XCTAssertEqual(NumberStyle(thousandsSeparator: true).format(999), "999")
        XCTAssertEqual(NumberStyle.standard(for: .fr, digits: 1, thousandsSeparator: true).format(1234567.25), "1\u{202F}234\u{202F}567,2")
        XCTAssertEqual(NumberStyle.standard(for: .nl, thousandsSeparator: true).format(12345), "12.345")
        XCTAssertEqual(NumberStyle.standard(for: .nl, decimalComma: false).format(0.5), "0.500", "--decimal-comma can be turned off")
        XCTAssertEqual(Escaping.latex("1\u{202F}234,5"), "1\\,234,5")
        XCTAssertEqual(NumberStyle(digits: 1, minus: "\u{2212}").format(-3.35), "\u{2212}3.4")
    }

    func testNotFiniteIsNA() {
        XCTAssertEqual(NumberStyle().format(Double.nan), "n/a")
        XCTAssertEqual(NumberStyle().format(Double.infinity), "n/a")
    }

    func testStarsAndLegendInEachStyle() {
        let s = SignificanceStars()
        XCTAssertEqual(s.mark(0.009), "***")
        XCTAssertEqual(s.mark(0.01), "**", "thresholds are strict, as in esttab")
        XCTAssertEqual(s.mark(0.07), "*")
        XCTAssertEqual(s.mark(0.2), "")
        XCTAssertEqual(s.mark(.nan), "")
        XCTAssertEqual(s.legend(NumberStyle()), "*** p<0.01, ** p<0.05, * p<0.1")
        XCTAssertEqual(s.legend(NumberStyle(decimalComma: true)), "*** p<0,01, ** p<0,05, * p<0,1")
    }

    func testEveryPhraseInEveryLanguageAndParsing() throws {
        for p in Phrase.allCases {
            for l in Language.allCases { XCTAssertFalse(p.text(l).isEmpty, "\(p) in \(l)") }
        }
        XCTAssertEqual(Language.nl(.fixedEffects), "Vaste effecten")
        XCTAssertEqual(Language.fr(.observations), "Observations")
        XCTAssertEqual(try Language(parsing: "FR"), .fr)
        XCTAssertThrowsError(try Language(parsing: "de")) { e in
            XCTAssertTrue("\(e)".contains("--lang") && "\(e)".contains("en, nl, fr"), "\(e)")
        }
    }

    func testCriticalValuesAgainstR() throws {
        // R: qt(0.975, 10), qt(0.95, 188), qnorm(0.975), qt(0.995, 3)
        XCTAssertEqual(try XCTUnwrap(CriticalValue.t(level: 0.95, df: 10)), 2.228138851986274, accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(CriticalValue.t(level: 0.90, df: 188)), 1.652999112571748, accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(CriticalValue.t(level: 0.95, df: .infinity)), 1.959963984540054, accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(CriticalValue.t(level: 0.99, df: 3)), 5.840909309733354, accuracy: 1e-10)
        XCTAssertNil(CriticalValue.t(level: 1.5, df: 3))
    }
}

final class PublicationSettingsTests: XCTestCase {
    func testSettingsResolveLanguageStyleDigitsAndLabels() throws {
        let nl = try PublicationSettings(lang: "nl")
        XCTAssertTrue(nl.style.decimalComma)
        XCTAssertEqual(nl.csvSeparator, ";")
        XCTAssertEqual(nl.offshoringOptions().levelDigits, 2)
        let en = try PublicationSettings(lang: "en", decimalComma: true, digits: 4)
        XCTAssertEqual(en.style.format(0.5), "0,5000")
        XCTAssertEqual(en.offshoringOptions().levelDigits, 4)
        XCTAssertEqual(en.regressionOptions().style.digits, 4)
        XCTAssertFalse(try PublicationSettings(lang: "fr", decimalComma: false).style.decimalComma)
        XCTAssertThrowsError(try PublicationSettings(lang: "de")) { XCTAssertTrue("\($0)".contains("'--lang'"), "\($0)") }
        XCTAssertThrowsError(try PublicationSettings(digits: 13)) { XCTAssertTrue("\($0)".contains("'--digits'"), "\($0)") }
        XCTAssertThrowsError(try PublicationSettings(labelsPath: "/nonexistent/labels.toml")) {
            XCTAssertTrue("\($0)".contains("/nonexistent/labels.toml"), "\($0)")
        }
        let labels = try PublicationSettings(labelsPath: Support.repositoryRoot.appendingPathComponent("SupplyUseTables/labels/default.toml").path)
        XCTAssertEqual(labels.labels.label("c3", .fr), "Industries alimentaires, boissons et tabac")
        XCTAssertEqual(labels.labels.label("c3", .nl), "Voedings- en genotmiddelen")
        XCTAssertEqual(labels.labels.label("d(om)", .nl), "Δ om", "a common label")
        XCTAssertEqual(labels.labels.label("manufacturing", .fr), "Industrie manufacturière")
        XCTAssertEqual(try TableFormat(parsing: "TeX"), .latex)
        XCTAssertEqual(try TableFormat(parsing: "md"), .markdown)
        XCTAssertThrowsError(try TableFormat(parsing: "pdf")) { XCTAssertTrue("\($0)".contains("latex, html"), "\($0)") }
    }
}
