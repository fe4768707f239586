@testable import DataIO
import XCTest

/// Regression tests for the fuzzing findings that a table header without a name (`[` then a line end or a control
/// character) and a `}` where an array expects a value aborted the process inside TOMLKit's parser; the inputs are
/// those libFuzzer found (Tests/FuzzCorpus/regressions/grouping, sensitivity-grid, classification), cut down.
final class TOMLParserTrapsTests: XCTestCase {
    private func error(_ text: String) -> InputError? {
        do {
            _ = try TOMLDocument(text: text, path: "g.toml")
            return nil
        } catch let e as InputError {
            return e
        } catch {
            XCTFail("not an InputError: \(error)")
            return nil
        }
    }

    func testAHeaderWithoutANameIsAnInputErrorWithLineAndColumn() throws {
        let cases: [(String, Int, Int, String)] = [
            ("[aliases]\nROM = \"ROU\"\n[\n[group]]\nname = \"OECD\"\n", 3, 2, "the end of the line"),  // found by fuzzing
            ("[base]\nmodels = []\n\n[[\u{7f}enerate]]\nkind = \"move\"\n", 4, 3, "byte 0x7f"),       // found by fuzzing
            ("[", 1, 2, "the end of the file"),
            ("  [ \u{1}a]", 1, 5, "byte 0x1"),
            ("x = 1 # [\n[ ]\n", 2, 3, "']'"),
        ]
        for (text, line, column, found) in cases {
            let e = try XCTUnwrap(error(text), text)
            XCTAssertEqual(e.file, "g.toml")
            XCTAssertEqual(e.line, line, text)
            XCTAssertEqual(e.column, column, text)
            XCTAssertTrue(e.message.contains("expected a table name") && e.message.contains(found), e.message)
        }
    }

    func testACurlyBraceWhereAnArrayExpectsAValueIsAnInputError() throws {
        let cases: [(String, Int, Int)] = [
            ("[categories]\nenergy = [}}}}# Product categories\"c2\", \"c8\"]\n", 2, 11),  // found by fuzzing
            ("a = [1, }]", 1, 9),
            ("a = [\n  # comment\n }]", 3, 2),
            ("a = { b = [[}] }", 1, 13),
        ]
        for (text, line, column) in cases {
            let e = try XCTUnwrap(error(text), text)
            XCTAssertEqual(e.line, line, text)
            XCTAssertEqual(e.column, column, text)
            XCTAssertTrue(e.message.contains("expected a value or ']' in the array, found '}'"), e.message)
        }
    }

    func testValidTOMLWithBracketsAtLineStartsInValuesStillParses() throws {
        let text = """
        a = [
        [1, 2],
        [
        3]]
        s = \"\"\"
        [
        \\\"\"\"
        [x\"\"\"
        t = '''
        [
        '''
        ["x]y".z]
        k = "[\\""
        [[list]]
        v = 1
        w = { x = [1, { y = "}" }], z = {} }
        """
        let doc = try TOMLDocument(text: text, path: "ok.toml")
        XCTAssertEqual(doc.root.keys.sorted(), ["a", "list", "s", "t", "x]y"])
    }
}
