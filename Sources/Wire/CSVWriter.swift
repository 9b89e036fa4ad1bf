import NIOCore

/// The line end a ``CSVWriter`` writes. Spreadsheets, pandas and R read both.
public enum CSVLineEnding: Sendable, Equatable {
    /// `\r\n`, as RFC 4180 (text/csv) specifies and Excel writes: the default.
    case crlf
    /// `\n`, as pandas and most Unix tools write.
    case lf
}

/// The probability columns of a prediction answer.
public enum CSVProbabilities: Sendable, Equatable {
    /// A binary model: one column `probability`, one value per row.
    case binary([Double])
    /// A model of `classes` classes: columns `p_0` … `p_{classes-1}`, `rows × classes` values row-major.
    case classes([Double], count: Int)
}

/// Writes a prediction answer as CSV: the pass-through columns, then `probability` (or `p_0…p_{k-1}`), then `label`
/// — the shape of the input, ready for a spreadsheet.
///
/// Numbers are Swift's shortest round-trip form (`0.25`, `1e-05`), which ``CSVReader`` and every CSV reader parse
/// back to the same double; a non-finite value (which a model should never produce) is written as an empty cell,
/// never `nan` or `inf`. A field is quoted only when it holds a comma, a quote or a line end (quotes doubled).
/// Text cells are copied from their bytes, without a `String` per cell.
public enum CSVWriter {
    /// Writes the header and one row per label.
    ///
    /// - Precondition: `labels.count` rows; `passThrough` has as many rows (or no columns), and `probabilities`
    ///   has `labels.count` (× classes) values.
    public static func writePredictions(
        passThrough: CSVTextColumns, probabilities: CSVProbabilities, labels: [Int],
        lineEnding: CSVLineEnding = .crlf, into buffer: inout ByteBuffer
    ) {
        let rows = labels.count
        let classes: Int
        let values: [Double]
        switch probabilities {
        case .binary(let p):
            classes = 1
            values = p
        case .classes(let p, let count):
            classes = count
            values = p
        }
        precondition(values.count == rows * classes, "probabilities must have \(rows * classes) values")
        precondition(passThrough.columnCount == 0 || passThrough.rowCount == rows, "pass-through must have \(rows) rows")
        // The header.
        for name in passThrough.names {
            writeField(Array(name.utf8), into: &buffer)
            buffer.writeInteger(UInt8(ascii: ","))
        }
        if case .binary = probabilities {
            buffer.writeStaticString("probability,")
        } else {
            for k in 0..<classes {
                buffer.writeStaticString("p_")
                JSONTextWriter.writeInteger(k, into: &buffer)
                buffer.writeInteger(UInt8(ascii: ","))
            }
        }
        buffer.writeStaticString("label")
        writeLineEnd(lineEnding, into: &buffer)
        // The rows.
        let columns = passThrough.columnCount
        passThrough.bytes.withUnsafeBufferPointer { text in
            for r in 0..<rows {
                for c in 0..<columns {
                    let range = passThrough.cellRange(r * columns + c)
                    writeField(UnsafeBufferPointer(rebasing: text[range]), into: &buffer)
                    buffer.writeInteger(UInt8(ascii: ","))
                }
                for k in 0..<classes {
                    writeNumber(values[r * classes + k], into: &buffer)
                    buffer.writeInteger(UInt8(ascii: ","))
                }
                JSONTextWriter.writeInteger(labels[r], into: &buffer)
                writeLineEnd(lineEnding, into: &buffer)
            }
        }
    }

    /// A finite double in its shortest round-trip form; nothing (an empty cell) for NaN or an infinity.
    public static func writeNumber(_ value: Double, into buffer: inout ByteBuffer) {
        guard value.isFinite else { return }
        buffer.writeString(value.description)
    }

    /// A field, quoted (with its quotes doubled) only when it holds `,`, `"`, CR or LF.
    public static func writeField(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer) {
        let needsQuotes = bytes.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            buffer.writeBytes(bytes)
            return
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { buffer.writeInteger(byte) }
            buffer.writeInteger(byte)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    static func writeLineEnd(_ lineEnding: CSVLineEnding, into buffer: inout ByteBuffer) {
        switch lineEnding {
        case .crlf: buffer.writeStaticString("\r\n")
        case .lf: buffer.writeInteger(UInt8(ascii: "\n"))
        }
    }
}
