import Foundation
import Hummingbird
import NIOCore
import Wire

/// Reading `text/csv` request bodies: streamed through ``CSVReader`` chunk by chunk as they arrive, so only the
/// numbers (and a prediction's pass-through text) are held, never the text; at most `--max-train-elements` numbers.
enum CSVRequestBody {
    /// Whether the request's body is CSV (`Content-Type: text/csv`, any parameters).
    static func isCSV(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType] else { return false }
        return type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "text/csv"
    }

    /// The query string's parameters, decoded, in order.
    static func query(_ request: Request) -> [(key: String, value: String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// The whole table, its columns read as `numericColumns` says.
    static func table(_ request: Request, numericColumns: CSVNumericColumns, limits: Limits) async throws -> CSVTable {
        let csvLimits = CSVLimits(maxNumbers: limits.maxTrainElements, maxNumbersName: "max-train-elements")
        var reader = CSVReader(
            numericColumns: numericColumns, limits: csvLimits, expectedBodyBytes: request.headers[.contentLength].flatMap(Int.init))
        for try await chunk in request.body {
            do throws(CSVError) { try reader.consume(chunk) } catch { throw error.wireError }
        }
        do throws(CSVError) { return try reader.finish() } catch { throw error.wireError }
    }
}
