import Engine

/// A CSV read by ``CSVReader``: the header, the numeric columns as one row-major `[Double]`, and any text columns.
public struct CSVTable: Sendable, Equatable {
    /// The header names, in file order.
    public let columnNames: [String]
    /// The names of the numeric columns in the order of each row of `numbers` (see ``CSVNumericColumns``).
    public let numericColumnNames: [String]
    /// `rowCount × numericColumnNames.count` doubles, row-major.
    public internal(set) var numbers: [Double]
    /// The columns kept as text, in file order (empty when every column is numeric).
    public internal(set) var text: CSVTextColumns
    /// The number of data rows (the header is not one).
    public let rowCount: Int

    public init(columnNames: [String], numericColumnNames: [String], numbers: [Double], text: CSVTextColumns, rowCount: Int) {
        self.columnNames = columnNames
        self.numericColumnNames = numericColumnNames
        self.numbers = numbers
        self.text = text
        self.rowCount = rowCount
    }

    /// The numeric columns as an `(rowCount, numericColumnNames.count)` array.
    public var numericArray: NDArray {
        NDArray(shape: [rowCount, numericColumnNames.count], data: numbers)
    }
}
