/// The text columns of a CSV table (a prediction's pass-through columns), row-major, held as one byte buffer
/// with the end offset of each cell: no `String` per cell. Cells are stored unquoted and are valid UTF-8.
public struct CSVTextColumns: Sendable, Equatable {
    /// The columns' header names, in file order.
    public let names: [String]
    /// All cells' bytes, one after the other, row by row.
    public private(set) var bytes: [UInt8] = []
    /// `ends[i]` is the end offset in `bytes` of cell `i` (row-major); a cell starts where the previous one ends.
    public private(set) var ends: [Int] = []

    public init(names: [String]) {
        self.names = names
    }

    /// Columns from strings, row by row (`rows[r][c]`); for tests and callers that have strings.
    public init(names: [String], rows: [[String]]) {
        self.names = names
        for row in rows {
            precondition(row.count == names.count, "each row needs \(names.count) cells")
            for cell in row { append(cell.utf8) }
        }
    }

    /// How many columns.
    public var columnCount: Int { names.count }

    /// How many rows (0 when there are no columns).
    public var rowCount: Int { names.isEmpty ? 0 : ends.count / names.count }

    /// The cell at `row`, `column` as a string.
    public subscript(row row: Int, column column: Int) -> String {
        let range = cellRange(row * names.count + column)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The byte range in `bytes` of the cell at row-major index `index`.
    public func cellRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    mutating func append(_ base: UnsafePointer<UInt8>, count: Int) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        ends.append(bytes.count)
    }

    mutating func append(_ utf8: some Sequence<UInt8>) {
        bytes.append(contentsOf: utf8)
        ends.append(bytes.count)
    }
}
