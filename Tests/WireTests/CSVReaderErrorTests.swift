import Testing

@testable import Wire

@Suite("CSVReader: each bad input names its line and column")
struct CSVReaderErrorTests {
    @Test func notANumber() {
        #expect(CSVTest.message("id,age\n1,30\n2,abc\n") == "line 3, column \"age\": \"abc\" is not a number")
        #expect(CSVTest.error("id,age\n1,30\n2,abc\n") == .notANumber(line: 3, column: CSVColumn(index: 1, name: "age"), text: "abc"))
        #expect(CSVTest.message("a\n\"1,5\"\n") == "line 2, column \"a\": \"1,5\" is not a number")
        #expect(CSVTest.message("a\n0x10\n") == "line 2, column \"a\": \"0x10\" is not a number")
        #expect(CSVTest.message("a\n1 2\n") == "line 2, column \"a\": \"1 2\" is not a number")
    }

    @Test func aLongCellIsCutInTheMessage() {
        let cell = String(repeating: "x", count: 100)
        #expect(CSVTest.message("a\n\(cell)\n") == "line 2, column \"a\": \"\(String(repeating: "x", count: 40))…\" is not a number")
    }

    @Test func emptyCells() {
        #expect(CSVTest.message("a,b\n1,\n") == "line 2, column \"b\": the cell is empty (missing values are not imputed)")
        #expect(CSVTest.error("a,b\n,2\n") == .emptyCell(line: 2, column: CSVColumn(index: 0, name: "a")))
        #expect(CSVTest.error("a,b\n1,\"\"\n") == .emptyCell(line: 2, column: CSVColumn(index: 1, name: "b")))
        #expect(CSVTest.error("a,b\n1,  \n") == .emptyCell(line: 2, column: CSVColumn(index: 1, name: "b")))
        #expect(CSVTest.error("a,b\n1,2\n3,") == .emptyCell(line: 3, column: CSVColumn(index: 1, name: "b")))
    }

    @Test func nonFiniteNumbers() {
        for text in ["nan", "NaN", "-inf", "+Infinity", "INF", "\"nan\""] {
            let unquoted = text.replacing("\"", with: "")
            #expect(CSVTest.message("a\n\(text)\n") == "line 2, column \"a\": \"\(unquoted)\" is not a finite number")
        }
        #expect(CSVTest.message("a\n1e999\n") == "line 2, column \"a\": \"1e999\" is too large for a double")
        #expect(CSVTest.message("a\n-1.8e308\n") == "line 2, column \"a\": \"-1.8e308\" is too large for a double")
        #expect(CSVTest.error("a\n1e-999\n") == nil)
    }

    @Test func raggedRows() {
        #expect(CSVTest.message("a,b,c\n1,2,3\n1,2,3,4\n") == "line 3 has more than 3 fields; the header has 3")
        #expect(CSVTest.message("a,b,c\n1,2,3\n1,2\n") == "line 3 has 2 fields; the header has 3")
        #expect(CSVTest.message("a,b,c\n1\n") == "line 2 has 1 field; the header has 3")
        #expect(CSVTest.error("a,b\n1,2,\n") == .tooManyFields(line: 2, expected: 2))
        #expect(CSVTest.error("a,b\n1,2\n3") == .tooFewFields(line: 3, found: 1, expected: 2))
    }

    @Test func headerFaults() {
        #expect(CSVTest.message("a,b,a\n1,2,3\n") == "line 1: the header names column \"a\" more than once")
        #expect(CSVTest.message("a,,c\n1,2,3\n") == "line 1: column 2 of the header has an empty name")
        #expect(CSVTest.error("a,b,\n1,2,3\n") == .emptyColumnName(column: 3))
        #expect(CSVTest.error("\"\",b\n1,2\n") == .emptyColumnName(column: 1))
        #expect(CSVTest.message("") == "the CSV body is empty: expected a header row naming the columns")
        #expect(CSVTest.error("\u{FEFF}") == .noHeader)
        #expect(CSVTest.error("\n\n") == .noHeader)
        #expect(CSVTest.message("a,b\n") == "the CSV has a header row but no data rows")
        #expect(CSVTest.error("a,b") == .noDataRows)
        #expect(CSVTest.error("a,b\r\n\r\n") == .noDataRows)
    }

    @Test func invalidUTF8() {
        var header = Array("a,".utf8) + [0xC3, 0x28] + Array("\n1,2\n".utf8)
        #expect(CSVTest.error(header)?.message == "line 1, column 2: the text is not valid UTF-8")
        header = Array("a,b\n1,".utf8) + [0xFF] + Array("\n".utf8)
        #expect(CSVTest.error(header)?.message == "line 2, column \"b\": the text is not valid UTF-8")
        let passThrough = Array("name,x\n".utf8) + [0xE2, 0x82] + Array(",1\n".utf8)
        #expect(CSVTest.error(passThrough, numericColumns: .prediction(features: ["x"])) == .invalidUTF8(line: 2, column: CSVColumn(index: 0, name: "name")))
    }

    @Test func quoteFaults() {
        #expect(CSVTest.message("a,b\n1,2\"\n") == "line 2, column \"b\": a quote inside an unquoted field (quote the whole field and double the quotes in it: \"a \"\"b\"\"\")")
        #expect(CSVTest.error("a,b\n1,x\"y\n") == .quoteInUnquotedField(line: 2, column: CSVColumn(index: 1, name: "b")))
        #expect(CSVTest.message("a,b\n\"1\"x,2\n") == "line 2, column \"a\": text after the closing quote of a quoted field")
        #expect(CSVTest.error("a,b\n\"1\" ,2\n") == .textAfterClosingQuote(line: 2, column: CSVColumn(index: 0, name: "a")))
        #expect(CSVTest.message("a,b\n1,2\n3,\"4\n5,6\n") == "line 3, column \"b\": the quoted field is not closed by the end of the body")
        #expect(CSVTest.error("\"a,b\n1,2\n") == .unterminatedQuote(line: 1, column: CSVColumn(index: 0, name: nil)))
    }

    @Test func requiredColumnsAreCheckedAtTheHeader() throws {
        var reader = CSVReader(numericColumns: .prediction(features: ["b", "z", "y"]))
        #expect(throws: CSVError.missingColumns(["z", "y"])) { try reader.consume(Array("a,b\n".utf8)) }
        #expect(CSVError.missingColumns(["z", "y"]).message == "the CSV has no columns \"z\", \"y\"")
        #expect(CSVTest.message("a,b\n1,2\n", numericColumns: .training(label: "churn")) == "the CSV has no column \"churn\"")
    }

    @Test func wireErrorsAreUnprocessableWithAKind() {
        let error = CSVError.notANumber(line: 1042, column: CSVColumn(index: 3, name: "age"), text: "abc").wireError
        #expect(error == WireError(.unusable, kind: "invalid-value", detail: "line 1042, column \"age\": \"abc\" is not a number"))
        #expect(CSVError.tooManyColumns(limit: 3).wireError.kind == "limit-exceeded")
        #expect(CSVError.missingColumns(["a"]).wireError.kind == "missing-column")
        #expect(CSVError.emptyLine(line: 3).wireError.kind == "invalid-csv")
    }

    @Test func namesInMessagesAreEscaped() {
        #expect(CSVTest.message("\"a\"\"b\"\n\"x\ny\"\n") == "line 2, column \"a\\\"b\": \"x\\ny\" is not a number")
    }
}
