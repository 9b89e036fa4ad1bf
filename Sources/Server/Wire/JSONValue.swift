// Wire API (request side of the JSON wire format) — summary for the routes.
//
// Parsing
//   JSONParser.parse(_ bytes: UnsafeRawBufferPointer) throws(Problem) -> JSONValue
//   JSONParser.parse(_ buffer: ByteBuffer) throws(Problem) -> JSONValue     // the collected request body
//   JSONParser.parse(_ bytes: [UInt8]) / parse(_ text: String)               // tests and small inputs
//   JSONParser.maxDepth == 256 (arrays + objects); deeper -> 400, never a stack overflow.
//   Every syntax fault -> 400 "Request body is not valid JSON: <what> at byte <offset>" (0-based offset).
//   A duplicate member -> 400 "Request body has a duplicate member 'k' at byte <offset>".
//   More than JSONParser.maxContainers (4_194_304) arrays/objects -> 413 "payload-too-large" (a numeric
//   matrix counts once), so tiny-container bodies cannot blow up memory.
//
// Values (enum JSONValue)
//   .integer(Int)    a number token without fraction or exponent that fits Int ("-0" is 0, as in Python).
//   .number(Double)  every other number token (1.5, 1e2, 100.0, integers beyond Int); 1e999 becomes +inf.
//   .numbers(NDArray, NumberTokens)  a rectangular nested array of number tokens, in one flat buffer (and whether
//     they were all integer tokens, all finite).
//   .array, .object([(key:, value:)]) (document order), .string, .bool, .null: everything else.
//   Integer members (epochs, seed, snapshot_every, version, samples, features, sizes in shapes) accept only
//   integer tokens: 100.0 and 1e2 are 400 "must be an integer" (NumPy rejects float seeds and sizes too);
//   integral values beyond Int count as out of range (422 from the member's range check).
//
// Requests (init(json: JSONValue, limits: Limits) throws(Problem)); 400 before 422: unknown members, then
// types, then values. `null` for an optional member means "absent".
//   BroadcastRequest.kind: .shapes([[Int]]) | .operation(ArrayOperation, a: NDArray, b: NDArray)
//     Exactly one of "shapes" or "op"+"a"+"b" (neither/both/partial -> 400). Unknown op -> 422 listing ops.
//     Operands may hold "NaN"/"Infinity"/"-Infinity"; each operand <= maxBroadcastElements (422) is checked here;
//     the route checks the RESULT with BroadcastRequest.checkResultSize(shape, limits:) after resultShape succeeds.
//     Shapes: sizes are integers >= 0 (negative -> 422 NumPy's "negative dimensions are not allowed"), at most
//     64 axes and 10_000 shapes; no element limit (nothing is allocated for shapes).
//   TrainRequest: data (.given(TrainingSet) | .generate(samples:features:)), epochs, learningRate, seed: UInt32?,
//     snapshotEvery, name: String?, wait. Exactly one of "x"+"y" or "generate" (neither/both/partial -> 400).
//     n*d (given or generated) <= maxTrainElements is checked before anything is allocated or generated.
//   PredictRequest: model, version: Int?, x: NDArray (1-D or 2-D), threshold. x <= maxTrainElements.
//   Arrays (any of the above): a number, nested rectangular arrays, or {"shape": [...], "data": [...]}.
//     Ragged -> 422 "ragged array: /x/3 has 3 elements, expected 2" with pointer /x/3.
//   Problem kinds: 400 "bad-request"; 422 "invalid-value" (ranges, shapes), "limit-exceeded" (names the flag,
//   e.g. "(max-train-elements)"), "ragged-array", "non-finite-value", "invalid-label", "unknown-operation".
//   Field faults carry `errors: [{pointer, detail}]` with RFC 6901 pointers (/x/3/1, /generate/samples).
//
// Encoding: `NestedArrayWriter` (Responses/) writes nested JSON arrays straight into a buffer.

import Engine

/// A parsed JSON document.
///
/// Rectangular nested arrays of numbers come out as `.numbers` (one flat C-order buffer plus shape);
/// everything else uses the generic cases. Number tokens without a fraction or exponent that fit `Int`
/// are `.integer`, so integer members can reject `1.5` and `1e2`.
enum JSONValue: Sendable {
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
struct NumberTokens: Sendable, Equatable {
    /// Every token was an integer token (no fraction or exponent).
    var allIntegers: Bool
    /// No token overflowed to ±infinity; JSON has no NaN or infinity tokens, so every value is finite.
    var allFinite: Bool
}

extension JSONValue {
    /// The numeric value of `.integer` or `.number`, otherwise nil.
    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// What kind of JSON value this is, for messages ("a string", "an array").
    var kindDescription: String {
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
