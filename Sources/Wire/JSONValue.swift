import Engine

/// A parsed JSON document.
///
/// Rectangular nested arrays of numbers come out as `.numbers` (one flat C-order buffer plus shape);
/// everything else uses the generic cases. Number tokens without a fraction or exponent that fit `Int`
/// are `.integer`, so integer members can reject `1.5` and `1e2`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number token that is not an `Int`-sized integer token (has a fraction or exponent, or is huge).
    case number(Double)
    /// A number token without fraction or exponent that fits `Int`.
    case integer(Int)
    case string(String)
    case array([JSONValue])
    /// Members in document order (duplicates are rejected by the parser).
    case object([(key: String, value: JSONValue)])
    /// A rectangular nested array of numbers, with what the parser saw of its tokens.
    case numbers(NDArray, NumberTokens)
}

/// What the parser saw of the number tokens of a `.numbers` array, so that no decoder walks the values again to learn it.
public struct NumberTokens: Sendable, Equatable {
    /// Every token was an integer token (no fraction or exponent).
    public var allIntegers: Bool
    /// No token overflowed to ±infinity; JSON has no NaN or infinity tokens, so every value is finite.
    public var allFinite: Bool

    public init(allIntegers: Bool, allFinite: Bool) {
        self.allIntegers = allIntegers
        self.allFinite = allFinite
    }
}

extension JSONValue {
    /// The numeric value of `.integer` or `.number`, otherwise nil.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// What kind of JSON value this is, for messages ("a string", "an array").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array, .numbers: "an array"
        case .object: "an object"
        }
    }
}
