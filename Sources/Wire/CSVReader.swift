import NIOCore

/// A streaming reader of numeric CSV tables (RFC 4180): fed a body in chunks as they arrive, it holds only the
/// numbers (one growing row-major `[Double]`), the header names, any text columns, and at most one partial field
/// carried between chunks — never the whole text.
///
/// The format: a header row naming the columns, then data rows with as many fields. Fields may be quoted
/// (`"a, ""b"""`: commas, line ends and doubled quotes inside); lines end in LF, CRLF or CR; a UTF-8 byte-order
/// mark at the start is skipped; empty lines at the end are accepted, elsewhere they are an error. Numeric cells
/// follow ``CSVNumber``'s grammar and must be finite; an empty cell is an error. Each fault is a ``CSVError`` naming
/// the line (counted in the file, the header is line 1; a line feed inside a quoted field counts) and the column.
///
/// ```swift
/// var reader = CSVReader(numericColumns: .training(label: "churned"))
/// for try await chunk in body { try reader.consume(chunk) }
/// let table = try reader.finish()
/// ```
///
/// After a thrown error the reader is spent: discard it.
public struct CSVReader: Sendable {
    /// Where the scanner is within a field, between two bytes (and so between two chunks).
    enum FieldState {
        /// At the start of a field (the start of a record when `column == 0`).
        case fieldStart
        /// Inside an unquoted field whose bytes so far are in `carry`.
        case unquoted
        /// Inside a quoted field whose content so far (quotes undoubled) is in `carry`.
        case quoted
        /// Inside a quoted field just after a quote: the closing one, or the first of a doubled pair.
        case quoteAfterQuoted
    }

    let policy: CSVNumericColumns
    let limits: CSVLimits

    // The header and the plan decided from it.
    var names: [String] = []
    var nameSet: Set<String> = []
    var headerDone = false
    /// For each column, its slot in a row of `numbers`, or -1 for a text column.
    var slots: [Int] = []
    var numericNames: [String] = []
    var width = 0

    // What is kept.
    var numbers: [Double] = []
    var row: [Double] = []
    var text = CSVTextColumns(names: [])
    var rows = 0

    // The scan.
    var state = FieldState.fieldStart
    var carry: [UInt8] = []
    /// 0-based column of the current field.
    var column = 0
    /// The current line (1-based), counting every line end including quoted ones.
    var line = 1
    /// The line where the current field and record start.
    var fieldLine = 1
    var recordLine = 1
    /// The last record ended with CR: a LF right after it belongs to that line end.
    var skipLineFeed = false
    /// The first of the empty lines seen since the last record: an error if another record follows.
    var firstEmptyLine: Int?
    /// Bytes of the byte-order mark matched so far, or nil once the start of the body is past.
    var byteOrderMarkMatched: Int? = 0

    /// The body's announced size (`Content-Length`), to size `numbers` once instead of doubling it; nil once used.
    var expectedBodyBytes: Int?
    /// Bytes consumed so far.
    var consumedBytes = 0

    /// A reader that treats columns as `numericColumns` says, within `limits`.
    ///
    /// `expectedBodyBytes` (the request's `Content-Length`, when there is one) lets the reader reserve the numbers'
    /// buffer once, from the rows per byte of the first chunk that ends a data row (capped by `limits.maxNumbers`),
    /// instead of growing it by doubling; it changes nothing else, and a wrong value only costs that saving.
    public init(
        numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits(), expectedBodyBytes: Int? = nil
    ) {
        self.policy = numericColumns
        self.limits = limits
        self.expectedBodyBytes = expectedBodyBytes
    }

    /// The header names, once the header row has been read (nil before).
    public var header: [String]? { headerDone ? names : nil }

    /// Reads the next chunk of the body.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(CSVError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let pointer = base.assumingMemoryBound(to: UInt8.self)
        var start = 0
        if let matched = byteOrderMarkMatched {
            start = try skipByteOrderMark(pointer, count: bytes.count, matched: matched)
        }
        try scan(pointer + start, count: bytes.count - start)
        consumedBytes += bytes.count
        if let expected = expectedBodyBytes, rows > 0 {
            expectedBodyBytes = nil
            reserveNumbers(expectedBodyBytes: expected)
        }
    }

    /// Reserves `numbers` for the rows the rest of the body should hold at the rows per byte seen so far.
    mutating func reserveNumbers(expectedBodyBytes expected: Int) {
        guard expected > consumedBytes, consumedBytes > 0 else { return }
        let estimatedRows = Double(rows) * Double(expected) / Double(consumedBytes) * 1.05 + 1
        let estimated = min(Double(limits.maxNumbers), estimatedRows * Double(row.count))
        guard estimated > Double(numbers.count) else { return }
        numbers.reserveCapacity(Int(estimated))
    }

    /// Reads the next chunk of the body.
    public mutating func consume(_ buffer: ByteBuffer) throws(CSVError) {
        let result: Result<Void, CSVError> = buffer.withUnsafeReadableBytes { raw in
            Result { () throws(CSVError) in try consume(raw) }
        }
        try result.get()
    }

    /// Reads the next chunk of the body.
    public mutating func consume(_ bytes: [UInt8]) throws(CSVError) {
        let result: Result<Void, CSVError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CSVError) in try consume(raw) }
        }
        try result.get()
    }

    /// Ends the body: completes the last record (a final line end is optional) and returns the table.
    public mutating func finish() throws(CSVError) -> CSVTable {
        if let matched = byteOrderMarkMatched, matched > 0 {
            // The body was a prefix of the mark: those bytes are text after all.
            byteOrderMarkMatched = nil
            try scanBytes(Array(Self.byteOrderMark.prefix(matched)))
        }
        switch state {
        case .fieldStart:
            if column > 0 {
                try deliver(nil, count: 0)
                try endRecord()
            }
        case .unquoted, .quoteAfterQuoted:
            try deliverCarry()
            try endRecord()
        case .quoted:
            throw .unterminatedQuote(line: fieldLine, column: currentColumn)
        }
        guard headerDone else { throw .noHeader }
        guard rows > 0 else { throw .noDataRows }
        let table = CSVTable(columnNames: names, numericColumnNames: numericNames, numbers: numbers, text: text, rowCount: rows)
        numbers = []
        text = CSVTextColumns(names: [])
        return table
    }

    /// Reads a whole body at once.
    public static func read(
        _ buffer: ByteBuffer, numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) throws(CSVError) -> CSVTable {
        var reader = CSVReader(numericColumns: numericColumns, limits: limits)
        try reader.consume(buffer)
        return try reader.finish()
    }

    /// Reads a whole body at once.
    public static func read(
        _ bytes: [UInt8], numericColumns: CSVNumericColumns = .allColumns(requiring: []), limits: CSVLimits = CSVLimits()
    ) throws(CSVError) -> CSVTable {
        var reader = CSVReader(numericColumns: numericColumns, limits: limits)
        try reader.consume(bytes)
        return try reader.finish()
    }

    // MARK: - Byte-order mark

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Matches the mark at the start of the body (it may be split across chunks); returns where the text starts.
    mutating func skipByteOrderMark(_ base: UnsafePointer<UInt8>, count: Int, matched: Int) throws(CSVError) -> Int {
        var matched = matched
        var index = 0
        while matched < 3 && index < count {
            guard base[index] == Self.byteOrderMark[matched] else {
                // Not a mark: the bytes matched in earlier chunks are text, then this chunk from its start.
                byteOrderMarkMatched = nil
                if matched > index { try scanBytes(Array(Self.byteOrderMark.prefix(matched - index))) }
                return 0
            }
            matched += 1
            index += 1
        }
        byteOrderMarkMatched = matched == 3 ? nil : matched
        return index
    }

    mutating func scanBytes(_ bytes: [UInt8]) throws(CSVError) {
        let result: Result<Void, CSVError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) in
                if let base = buffer.baseAddress { try scan(base, count: buffer.count) }
            }
        }
        try result.get()
    }

    // MARK: - Errors

    /// The current column for a message: its name once the header is known, its position before.
    var currentColumn: CSVColumn {
        CSVColumn(index: column, name: headerDone && column < names.count ? names[column] : nil)
    }
}
