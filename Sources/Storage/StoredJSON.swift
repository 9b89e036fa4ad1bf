import Foundation

/// The JSON text columns (`options`, `fitted`, `details`, `state`): Engine's and Storage's `Codable` values written
/// with sorted keys. Doubles round-trip bit for bit (Foundation writes the shortest text that reads back as the same
/// value, `-0` included); the non-finite ones, which JSON has no number for, are the strings `"inf"`, `"-inf"` and
/// `"nan"`.
enum StoredJSON {
    /// A JSON column that does not hold what it should: the row was damaged or written by something else.
    struct DamagedColumn: Error, CustomStringConvertible {
        let table: String
        let column: String
        let reason: String

        var description: String { "\(table).\(column) does not hold valid JSON for it: \(reason)" }
    }

    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String, table: String, column: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw DamagedColumn(table: table, column: column, reason: String(describing: error))
        }
    }

    /// A nullable column: nil stays nil.
    static func decodeIfPresent<Value: Decodable>(_ type: Value.Type, from text: String?, table: String, column: String) throws -> Value? {
        guard let text else { return nil }
        return try decode(type, from: text, table: table, column: column)
    }

    /// The `options` column: NULL for ``ModelOptions/notebook`` (as rows from before options existed), else its JSON.
    static func column(_ options: ModelOptions) throws -> String? {
        let text = try encode(options)
        return text == notebookOptions ? nil : text
    }

    /// The options an `options` column holds.
    static func options(_ text: String?, table: String) throws -> ModelOptions {
        try decodeIfPresent(ModelOptions.self, from: text, table: table, column: "options") ?? .notebook
    }

    /// ``ModelOptions/notebook``'s JSON.
    private static let notebookOptions: String? = try? encode(ModelOptions.notebook)
}
