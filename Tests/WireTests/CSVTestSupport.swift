import Testing

@testable import Wire

/// Helpers shared by the CSV tests.
enum CSVTest {
    /// Reads `bytes` fed in chunks cut at `cuts` (offsets, ascending), as a result.
    static func result(
        _ bytes: [UInt8], cuts: [Int] = [], numericColumns: CSVNumericColumns = .allColumns(requiring: []),
        limits: CSVLimits = CSVLimits()
    ) -> Result<CSVTable, CSVError> {
        Result { () throws(CSVError) -> CSVTable in
            var reader = CSVReader(numericColumns: numericColumns, limits: limits)
            var start = 0
            for cut in cuts + [bytes.count] {
                try reader.consume(Array(bytes[start..<cut]))
                start = cut
            }
            return try reader.finish()
        }
    }

    /// Reads `text` in one chunk.
    static func result(
        _ text: String, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) -> Result<CSVTable, CSVError> {
        result(Array(text.utf8), numericColumns: numericColumns, limits: limits)
    }

    /// Reads CSV known to be valid (the test fails otherwise).
    static func table(
        _ text: String, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CSVTable? {
        switch result(text, numericColumns: numericColumns, limits: limits) {
        case .success(let table): return table
        case .failure(let error):
            Issue.record("\(text.debugDescription) did not read: \(error.message)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The error reading `text` throws, or nil.
    static func error(
        _ text: String, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) -> CSVError? {
        error(Array(text.utf8), numericColumns: numericColumns, limits: limits)
    }

    static func error(
        _ bytes: [UInt8], numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) -> CSVError? {
        if case .failure(let error) = result(bytes, numericColumns: numericColumns, limits: limits) { return error }
        return nil
    }

    /// The message of the error reading `text` throws, or "no error".
    static func message(
        _ text: String, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) -> String {
        error(text, numericColumns: numericColumns, limits: limits)?.message ?? "no error"
    }

    /// Whether two results are the same: equal tables with bit-identical numbers, or equal errors.
    static func same(_ a: Result<CSVTable, CSVError>, _ b: Result<CSVTable, CSVError>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            return x.columnNames == y.columnNames && x.numericColumnNames == y.numericColumnNames && x.rowCount == y.rowCount
                && x.text == y.text && x.numbers.map(\.bitPattern) == y.numbers.map(\.bitPattern)
        case (.failure(let x), .failure(let y)):
            return x == y
        default:
            return false
        }
    }

    /// Checks that `text` reads the same when fed in two chunks cut at every offset, in three chunks at every pair
    /// of offsets (up to `pairsUpTo` bytes), and one byte at a time. Returns the one-chunk result.
    @discardableResult
    static func checkChunking(
        _ bytes: [UInt8], numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits(),
        pairsUpTo: Int = 64, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Result<CSVTable, CSVError> {
        let whole = result(bytes, numericColumns: numericColumns, limits: limits)
        for cut in 0...bytes.count {
            let split = result(bytes, cuts: [cut], numericColumns: numericColumns, limits: limits)
            #expect(same(whole, split), "cut at \(cut): \(describe(split)) vs \(describe(whole))", sourceLocation: sourceLocation)
        }
        if bytes.count <= pairsUpTo {
            for first in 0...bytes.count {
                for second in first...bytes.count {
                    let split = result(bytes, cuts: [first, second], numericColumns: numericColumns, limits: limits)
                    #expect(same(whole, split), "cuts at \(first), \(second): \(describe(split))", sourceLocation: sourceLocation)
                }
            }
        }
        let bytewise = result(bytes, cuts: Array(0...bytes.count), numericColumns: numericColumns, limits: limits)
        #expect(same(whole, bytewise), "byte by byte: \(describe(bytewise))", sourceLocation: sourceLocation)
        return whole
    }

    @discardableResult
    static func checkChunking(
        _ text: String, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits(),
        pairsUpTo: Int = 64, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Result<CSVTable, CSVError> {
        checkChunking(Array(text.utf8), numericColumns: numericColumns, limits: limits, pairsUpTo: pairsUpTo, sourceLocation: sourceLocation)
    }

    static func describe(_ result: Result<CSVTable, CSVError>) -> String {
        switch result {
        case .success(let table): "\(table.columnNames) \(table.numbers) \(table.text.bytes.count) text bytes"
        case .failure(let error): error.message
        }
    }
}
