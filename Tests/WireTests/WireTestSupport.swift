import Engine
import Testing

@testable import Wire

/// Helpers shared by the wire tests.
enum WireTest {
    /// The fault `body` throws, or nil.
    static func problem(_ body: () throws(WireError) -> Void) -> WireError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    /// The fault parsing `text` throws, or nil.
    static func parseProblem(_ text: String) -> WireError? {
        problem { () throws(WireError) in _ = try JSONParser.parse(text) }
    }

    /// Parses JSON that is known to be valid (the test fails otherwise).
    static func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            Issue.record("\(text) did not parse: \(error.detail)", sourceLocation: sourceLocation)
            return .null
        }
    }

    /// A canonical text form of a parsed value, for exact comparisons.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .integer(let integer): "i\(integer)"
        case .number(let number): "n\(number)"
        case .string(let text): "s\(text.debugDescription)"
        case .array(let elements): "[" + elements.map(render).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { "\($0.key.debugDescription):\(render($0.value))" }.joined(separator: ",") + "}"
        case .numbers(let array, let tokens): "N\(array.shape)\(array.data)\(tokens.allIntegers ? "i" : "")\(tokens.allFinite ? "" : "∞")"
        }
    }

}
