import Testing

@testable import Wire

@Suite("CSVTextColumns: text cells in one buffer")
struct CSVTextColumnsTests {
    @Test func cellsByRowAndColumn() {
        let columns = CSVTextColumns(names: ["id", "name"], rows: [["1", "Ann"], ["", "名前, \"q\""]])
        #expect(columns.columnCount == 2)
        #expect(columns.rowCount == 2)
        #expect(columns[row: 0, column: 1] == "Ann")
        #expect(columns[row: 1, column: 0] == "")
        #expect(columns[row: 1, column: 1] == "名前, \"q\"")
        #expect(columns.cellRange(0) == 0..<1)
        #expect(columns.cellRange(2) == 4..<4)
        #expect(columns.bytes == Array("1Ann名前, \"q\"".utf8))
    }

    @Test func noColumnsMeansNoRows() {
        let columns = CSVTextColumns(names: [])
        #expect(columns.rowCount == 0)
        #expect(columns.columnCount == 0)
    }
}
