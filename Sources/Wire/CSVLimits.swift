/// The bounds a CSV reader keeps to, so that a hostile or broken body fails fast instead of growing memory.
///
/// Every bound is checked as the bytes arrive: a 1 GB line without a newline fails after `maxFieldBytes` bytes
/// of one field or `maxColumns` fields, whatever the chunking.
public struct CSVLimits: Sendable, Equatable {
    /// Most columns the header may have.
    public var maxColumns: Int
    /// Most bytes in one field (a header name or a cell, after quotes are removed).
    public var maxFieldBytes: Int
    /// Most numbers the table may hold (rows × numeric columns); 8 bytes each.
    public var maxNumbers: Int
    /// The name of `maxNumbers` in messages (e.g. the server's flag, `max-train-elements`).
    public var maxNumbersName: String
    /// Most bytes of text cells (the pass-through columns of a prediction) in the whole table, counting 8 more per
    /// cell for its offset.
    public var maxTextBytes: Int

    /// 10,000 columns, fields of 64 KiB, 2^27 numbers (1 GiB of doubles), 64 MiB of text cells.
    public init(
        maxColumns: Int = 10_000,
        maxFieldBytes: Int = 64 * 1024,
        maxNumbers: Int = 1 << 27,
        maxNumbersName: String = "max-numbers",
        maxTextBytes: Int = 64 << 20
    ) {
        self.maxColumns = maxColumns
        self.maxFieldBytes = maxFieldBytes
        self.maxNumbers = maxNumbers
        self.maxNumbersName = maxNumbersName
        self.maxTextBytes = maxTextBytes
    }
}
