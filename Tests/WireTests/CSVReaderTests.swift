import Engine
import NIOCore
import Testing

@testable import Wire

@Suite("CSVReader: the format")
struct CSVReaderTests {
    @Test func readsAHeaderAndNumericRowsRowMajor() throws {
        let table = try #require(CSVTest.table("a,b,c\n1,2,3\n4.5,-6,7e2\n"))
        #expect(table.columnNames == ["a", "b", "c"])
        #expect(table.numericColumnNames == ["a", "b", "c"])
        #expect(table.rowCount == 2)
        #expect(table.numbers == [1, 2, 3, 4.5, -6, 700])
        #expect(table.text.columnCount == 0)
        #expect(table.numericArray.shape == [2, 3])
    }

    @Test func theLastLineEndIsOptional() throws {
        let table = try #require(CSVTest.table("a,b\n1,2\n3,4"))
        #expect(table.numbers == [1, 2, 3, 4])
    }

    @Test func crlfAndLoneCRLineEnds() throws {
        let crlf = try #require(CSVTest.table("a,b\r\n1,2\r\n3,4\r\n"))
        #expect(crlf.numbers == [1, 2, 3, 4])
        let cr = try #require(CSVTest.table("a,b\r1,2\r3,4\r"))
        #expect(cr.numbers == [1, 2, 3, 4])
        let mixed = try #require(CSVTest.table("a,b\r\n1,2\n3,4\r5,6"))
        #expect(mixed.numbers == [1, 2, 3, 4, 5, 6])
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let table = try #require(CSVTest.table("\u{FEFF}a,b\n1,2\n"))
        #expect(table.columnNames == ["a", "b"])
        #expect(table.numbers == [1, 2])
    }

    @Test func aBrokenByteOrderMarkIsText() {
        // EF BB followed by 0x41 is not UTF-8: the header is invalid, not silently shortened.
        #expect(CSVTest.error([0xEF, 0xBB, 0x41, 0x0A, 0x31, 0x0A]) == .invalidUTF8(line: 1, column: CSVColumn(index: 0, name: nil)))
        // EF BB 80 is U+FEC0, a valid letter: a column name, not a mark.
        let table = try? CSVTest.result([0xEF, 0xBB, 0x80, 0x0A, 0x31, 0x0A]).get()
        #expect(table?.columnNames == ["\u{FEC0}"])
    }

    @Test func emptyTrailingLinesAreAccepted() throws {
        for text in ["a\n1\n\n", "a\n1\n\n\n\n", "a\n1\r\n\r\n", "a\n1\n\r\n\n", "a\n1"] {
            let table = try #require(CSVTest.table(text))
            #expect(table.numbers == [1], "\(text.debugDescription)")
            #expect(table.rowCount == 1)
        }
    }

    @Test func anEmptyLineBeforeARecordIsAnError() {
        #expect(CSVTest.error("a,b\n1,2\n\n3,4\n") == .emptyLine(line: 3))
        #expect(CSVTest.message("a,b\n1,2\n\n3,4\n") == "line 3 is empty (empty lines are accepted only at the end)")
        #expect(CSVTest.error("a,b\r\n1,2\r\n\r\n\r\n3,4\r\n") == .emptyLine(line: 3))
        #expect(CSVTest.error("\na,b\n1,2\n") == .emptyLine(line: 1))
        #expect(CSVTest.error("a,b\n\n1,2\n") == .emptyLine(line: 2))
    }

    @Test func quotedFieldsHoldCommasLineEndsAndDoubledQuotes() throws {
        let text = "id,x,note\n\"a,b\",1,\"say \"\"hi\"\"\"\n\"two\nlines\",\"2\",\"\"\n\"\"\"\",3,x\r\n"
        let table = try #require(CSVTest.table(text, numericColumns: .prediction(features: ["x"])))
        #expect(table.numbers == [1, 2, 3])
        #expect(table.text.names == ["id", "note"])
        #expect(table.text.rowCount == 3)
        #expect(table.text[row: 0, column: 0] == "a,b")
        #expect(table.text[row: 0, column: 1] == "say \"hi\"")
        #expect(table.text[row: 1, column: 0] == "two\nlines")
        #expect(table.text[row: 1, column: 1] == "")
        #expect(table.text[row: 2, column: 0] == "\"")
        #expect(table.text[row: 2, column: 1] == "x")
    }

    @Test func quotedHeaderNames() throws {
        let table = try #require(CSVTest.table("\"a,1\",\"b \"\"q\"\"\",c\n1,2,3\n"))
        #expect(table.columnNames == ["a,1", "b \"q\"", "c"])
    }

    @Test func aQuotedLineEndCountsAsALine() {
        // The record on line 2 spans lines 2-3; the bad cell is on line 4.
        let text = "name,x\n\"a\nb\",1\nc,abc\n"
        #expect(CSVTest.message(text, numericColumns: .prediction(features: ["x"])) == "line 4, column \"x\": \"abc\" is not a number")
    }

    @Test func oneColumn() throws {
        let table = try #require(CSVTest.table("y\n1\n0\n1\n"))
        #expect(table.numbers == [1, 0, 1])
    }

    @Test func namesKeepTheirSpacesAndUnicode() throws {
        let table = try #require(CSVTest.table(" a ,âge,名前\n1,2,3\n"))
        #expect(table.columnNames == [" a ", "âge", "名前"])
    }

    @Test func emptyChunksChangeNothing() throws {
        var reader = CSVReader()
        try reader.consume([UInt8]())
        try reader.consume(Array("a,b\n".utf8))
        try reader.consume([UInt8]())
        #expect(reader.header == ["a", "b"])
        try reader.consume(Array("1,2".utf8))
        let table = try reader.finish()
        #expect(table.numbers == [1, 2])
    }

    @Test func theHeaderIsKnownAsSoonAsItsLineEnds() throws {
        var reader = CSVReader()
        try reader.consume(Array("a,b".utf8))
        #expect(reader.header == nil)
        try reader.consume(Array("\n".utf8))
        #expect(reader.header == ["a", "b"])
    }

    @Test func theExpectedBodySizeOnlyReservesMemory() throws {
        var text = "a,b,c\n"
        for r in 0..<2_000 { text += "\(r),\(Double(r) / 7),-\(r)e-3\n" }
        let bytes = Array(text.utf8)
        func read(expected: Int?) throws -> CSVTable {
            var reader = CSVReader(expectedBodyBytes: expected)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 1000)
                try reader.consume(Array(bytes[offset..<end]))
                offset = end
            }
            return try reader.finish()
        }
        let plain = try read(expected: nil)
        #expect(plain.rowCount == 2_000)
        for expected in [bytes.count, 10, 1 << 40, 0] {
            let table = try read(expected: expected)
            #expect(table == plain, "expectedBodyBytes \(expected)")
        }
        // A huge announced size reserves no more than the number limit allows.
        var capped = CSVReader(limits: CSVLimits(maxNumbers: 10_000), expectedBodyBytes: 1 << 40)
        try capped.consume(Array("a\n1\n".utf8))
        #expect(capped.numbers.capacity <= 20_000)
    }

    @Test func readsAByteBuffer() throws {
        let table = try CSVReader.read(ByteBuffer(string: "a,b\n1,2\n"))
        #expect(table.numbers == [1, 2])
    }
}
