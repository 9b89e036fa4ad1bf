import Testing

@testable import Wire

@Suite("CSVReader: the same result however the body is cut into chunks")
struct CSVReaderChunkTests {
    static let valid: [String] = [
        "a,b,c\n1,2,3\n4.5,-6,7e2\n",
        "\u{FEFF}a,b\r\n1,2\r\n3,4\r\n\r\n",
        "a,b\r1,2\r3,4",
        "\"a,1\",\"b\"\"q\"\nx,\"1.5\"\n\"y\nz\",\"-2\"\n",
        " a ,b\n +1 , .5\n5.,1E-3\n",
        "x\n0.1\n0.2\n0.30000000000000004\n1e-320\n123456789012345678901234\n",
    ]

    static let invalid: [String] = [
        "a,b\n1,2\n\n3,4\n",
        "a,b\n1,abc\n",
        "a,b\n1,\n",
        "a,b\n1,2,3\n",
        "a,b\n1\n",
        "a,a\n1,2\n",
        "a,,b\n",
        "a,b\n1,2\"\n",
        "a,b\n\"1\"x,2\n",
        "a,b\n1,\"2\n",
        "a,b\n1,nan\n",
        "a,b\n",
        "",
        "\u{FEFF}",
    ]

    @Test(arguments: valid)
    func validBodies(_ text: String) throws {
        let whole = CSVTest.checkChunking(text, numericColumns: text.hasPrefix("\"a,1\"") ? .prediction(features: ["b\"q"]) : .allColumns(requiring: []))
        #expect(throws: Never.self) { try whole.get() }
    }

    @Test(arguments: invalid)
    func invalidBodies(_ text: String) {
        let whole = CSVTest.checkChunking(text)
        #expect(throws: CSVError.self) { try whole.get() }
    }

    @Test func aMixedBodyWithTextColumns() throws {
        let text = "\u{FEFF}id,\"x,1\",name,y\r\n7,1.5,\"O\"\"Brien, P\",-2\r\n008,\"2\",\"two\r\nlines\",3e1\r\n\"\",0,,1\r\n\r\n"
        let table = try CSVTest.checkChunking(text, numericColumns: .prediction(features: ["y", "x,1"]), pairsUpTo: 80).get()
        #expect(table.numericColumnNames == ["y", "x,1"])
        #expect(table.numbers == [-2, 1.5, 30, 2, 1, 0])
        #expect(table.text.names == ["id", "name"])
        #expect(table.text[row: 0, column: 1] == "O\"Brien, P")
        #expect(table.text[row: 1, column: 0] == "008")
        #expect(table.text[row: 1, column: 1] == "two\r\nlines")
        #expect(table.text[row: 2, column: 0] == "")
        #expect(table.text[row: 2, column: 1] == "")
    }

    @Test func aPartialByteOrderMarkWhateverTheChunks() throws {
        // EF BB 80 is U+FEC0 (a name, not a mark); EF BB 41 is not UTF-8; a lone EF BB BF is only a mark.
        let letter = try CSVTest.checkChunking([0xEF, 0xBB, 0x80, 0x0A, 0x31, 0x0A]).get()
        #expect(letter.columnNames == ["\u{FEC0}"])
        #expect(CSVTest.checkChunking([0xEF, 0xBB, 0x41, 0x0A, 0x31, 0x0A]).failureMessage == "line 1, column 1: the text is not valid UTF-8")
        #expect(CSVTest.checkChunking([0xEF, 0xBB]).failureMessage == "line 1, column 1: the text is not valid UTF-8")
        #expect(CSVTest.checkChunking([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x31]).map(\.columnNames) == .success(["a"]))
    }

    @Test func errorsNameTheSameLineWhateverTheChunks() {
        let text = "a,b\n\"1\n2\",3\n4,\"x\n\"\n"
        let result = CSVTest.checkChunking(text, numericColumns: .prediction(features: ["b"]))
        #expect(result.failureMessage == "line 4, column \"b\": \"x\\n\" is not a number")
    }

    @Test func aLongerGeneratedBody() throws {
        var text = "f0,f1,f2,label\n"
        var expected: [Double] = []
        for r in 0..<40 {
            let row = [Double(r) * 0.1, -Double(r) / 3, Double(r * r) * 1e-7, Double(r % 2)]
            expected += row
            text += row.map(\.description).joined(separator: r % 3 == 0 ? "," : " ,") + (r % 2 == 0 ? "\r\n" : "\n")
        }
        let table = try CSVTest.checkChunking(text, pairsUpTo: 0).get()
        #expect(table.numbers.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}

extension Result where Failure == CSVError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
