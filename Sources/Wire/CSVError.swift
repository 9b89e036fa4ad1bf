/// Why a CSV body cannot be read as a table: each case names the line (counted in the file, the header is line 1)
/// and, where there is one, the column by its header name.
///
/// ``message`` is the text for a person; ``wireError`` is the same fault as a ``WireError`` (all 422-class
/// `unusable` faults), so the server maps CSV faults where it maps JSON ones.
public enum CSVError: Error, Sendable, Equatable {
    /// The body has no bytes (or only a byte-order mark and empty lines): there is no header row.
    case noHeader
    /// The header row is followed by no data row.
    case noDataRows
    /// A header name is empty (`column` is 1-based).
    case emptyColumnName(column: Int)
    /// Two header columns have the same name.
    case duplicateColumnName(String)
    /// The header has more columns than the limit.
    case tooManyColumns(limit: Int)
    /// Bytes that are not UTF-8 in a header name or a cell.
    case invalidUTF8(line: Int, column: CSVColumn)
    /// A data row with more fields than the header.
    case tooManyFields(line: Int, expected: Int)
    /// A data row with fewer fields than the header.
    case tooFewFields(line: Int, found: Int, expected: Int)
    /// An empty line before the last non-empty one (only trailing empty lines are accepted).
    case emptyLine(line: Int)
    /// An empty numeric cell (there is no imputation).
    case emptyCell(line: Int, column: CSVColumn)
    /// A numeric cell that is not a number; `text` is the cell, cut to 40 characters.
    case notANumber(line: Int, column: CSVColumn, text: String)
    /// A numeric cell spelling NaN or infinity.
    case nonFinite(line: Int, column: CSVColumn, text: String)
    /// A numeric cell whose value is too large for a double.
    case outOfRange(line: Int, column: CSVColumn, text: String)
    /// A `"` inside a field that does not start with one.
    case quoteInUnquotedField(line: Int, column: CSVColumn)
    /// A byte other than `,`, a line end or `"` right after the closing quote of a quoted field.
    case textAfterClosingQuote(line: Int, column: CSVColumn)
    /// A quoted field still open at the end of the body (`line` is where the field starts).
    case unterminatedQuote(line: Int, column: CSVColumn)
    /// A field (a header name or a cell) longer than the limit.
    case fieldTooLong(line: Int, column: CSVColumn, limit: Int)
    /// More numbers than the limit (`limitName` names the limit, e.g. its command-line flag).
    case tooManyNumbers(limit: Int, limitName: String)
    /// More bytes of text cells (pass-through columns) than the limit.
    case tooMuchText(limit: Int)
    /// Columns the reader needs (features, a label) are not in the header.
    case missingColumns([String])
    /// Training: the label column is the only column, so there are no features.
    case noFeatureColumns(label: String)

    /// What is wrong, for a person.
    public var message: String {
        switch self {
        case .noHeader:
            "the CSV body is empty: expected a header row naming the columns"
        case .noDataRows:
            "the CSV has a header row but no data rows"
        case .emptyColumnName(let column):
            "line 1: column \(column) of the header has an empty name"
        case .duplicateColumnName(let name):
            "line 1: the header names column \(Self.quoted(name)) more than once"
        case .tooManyColumns(let limit):
            "line 1: the header has more than \(limit) columns"
        case .invalidUTF8(let line, let column):
            "line \(line), column \(column): the text is not valid UTF-8"
        case .tooManyFields(let line, let expected):
            "line \(line) has more than \(expected) fields; the header has \(expected)"
        case .tooFewFields(let line, let found, let expected):
            "line \(line) has \(found) field\(found == 1 ? "" : "s"); the header has \(expected)"
        case .emptyLine(let line):
            "line \(line) is empty (empty lines are accepted only at the end)"
        case .emptyCell(let line, let column):
            "line \(line), column \(column): the cell is empty (missing values are not imputed)"
        case .notANumber(let line, let column, let text):
            "line \(line), column \(column): \(Self.quoted(text)) is not a number"
        case .nonFinite(let line, let column, let text):
            "line \(line), column \(column): \(Self.quoted(text)) is not a finite number"
        case .outOfRange(let line, let column, let text):
            "line \(line), column \(column): \(Self.quoted(text)) is too large for a double"
        case .quoteInUnquotedField(let line, let column):
            "line \(line), column \(column): a quote inside an unquoted field "
                + "(quote the whole field and double the quotes in it: \"a \"\"b\"\"\")"
        case .textAfterClosingQuote(let line, let column):
            "line \(line), column \(column): text after the closing quote of a quoted field"
        case .unterminatedQuote(let line, let column):
            "line \(line), column \(column): the quoted field is not closed by the end of the body"
        case .fieldTooLong(let line, let column, let limit):
            "line \(line), column \(column): the field is longer than \(limit) bytes"
        case .tooManyNumbers(let limit, let limitName):
            "the CSV has more than \(limit) numbers (\(limitName))"
        case .tooMuchText(let limit):
            "the CSV's text columns hold more than \(limit) bytes"
        case .missingColumns(let names):
            "the CSV has no column\(names.count == 1 ? "" : "s") " + names.map(Self.quoted).joined(separator: ", ")
        case .noFeatureColumns(let label):
            "the CSV has only the label column \(Self.quoted(label)); training needs at least one feature column"
        }
    }

    /// A short name of the rule that was broken, as ``WireError/kind``.
    public var kind: String {
        switch self {
        case .tooManyColumns, .fieldTooLong, .tooManyNumbers, .tooMuchText: "limit-exceeded"
        case .missingColumns, .noFeatureColumns: "missing-column"
        case .emptyCell, .notANumber, .nonFinite, .outOfRange: "invalid-value"
        default: "invalid-csv"
        }
    }

    /// The fault as the wire format's error: 422-class (`unusable`), with ``kind`` and ``message``.
    public var wireError: WireError {
        WireError.unprocessable(message, kind: kind)
    }

    /// `"text"` escaped as a JSON string (``JSONTextWriter``), so a name or cell is unambiguous in a message.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONTextWriter.writeString(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A column in an error: by its header name, or by its 1-based position while the header is still being read.
public struct CSVColumn: Sendable, Equatable, CustomStringConvertible {
    /// 0-based position in the row.
    public let index: Int
    /// The header name, when the header has been read.
    public let name: String?

    public init(index: Int, name: String?) {
        self.index = index
        self.name = name
    }

    /// `"age"` (quoted, escaped), or `3` for the third column of the header row.
    public var description: String {
        if let name { return CSVError.quoted(name) }
        return String(index + 1)
    }
}
