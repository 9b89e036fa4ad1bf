import Engine
import NIOCore

/// A strict RFC 8259 JSON parser over raw bytes.
///
/// Rectangular arrays of numbers go straight into one flat `[Double]` (`JSONValue.numbers`); anything else
/// falls back to the generic tree. Every fault is a malformed ``WireError`` naming what is wrong and its byte offset.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 256

    /// Most arrays and objects one document may hold (a numeric array counts once, whatever its size).
    ///
    /// Each costs a heap allocation, so a body of tiny containers (`[[],[],...]`) would otherwise grow ~25x in
    /// memory; past this the body is 413. Large arrays stay cheap as rectangular numbers or `{"shape", "data"}`.
    public static let maxContainers = 1 << 22

    /// Parses one JSON document that must fill `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> JSONValue {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw WireError.badRequest("Request body is not valid JSON: the body is empty")
        }
        var scanner = JSONScanner(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return try scanner.parseDocument()
    }

    /// Parses a collected request body.
    public static func parse(_ buffer: ByteBuffer) throws(WireError) -> JSONValue {
        let result: Result<JSONValue, WireError> = buffer.withUnsafeReadableBytes { raw in
            Result { () throws(WireError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses a byte array (tests, small inputs).
    public static func parse(_ bytes: [UInt8]) throws(WireError) -> JSONValue {
        let result: Result<JSONValue, WireError> = bytes.withUnsafeBytes { raw in
            Result { () throws(WireError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses the UTF-8 of a string (tests, small inputs).
    public static func parse(_ text: String) throws(WireError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The cursor of one parse: the bytes, the position, and the array starts known not to be numeric.
struct JSONScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// Start offsets of arrays whose numeric fast path already failed for a reason that their own
    /// attempt would hit again; the generic parser does not retry them (keeps fallback linear).
    var notNumeric = Set<Int>()
    /// Arrays and objects built so far (see `JSONParser.maxContainers`).
    var containers = 0
    /// Bytes the parallel matrix read may still read in vain (pieces past an array's end, or a whole failed attempt):
    /// the body's size, so that a body of many small arrays before a large one costs at most one extra pass, never
    /// one per array.
    var parallelBudget: Int

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
        self.parallelBudget = count
    }

    mutating func parseDocument() throws(WireError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if pos < end {
            throw syntaxError("unexpected \(describeByte(at: pos)) after the value", at: pos)
        }
        return value
    }

    // MARK: - Errors

    func syntaxError(_ what: String, at offset: Int) -> WireError {
        WireError.badRequest("Request body is not valid JSON: \(what) at byte \(offset)")
    }

    func endOfInput() -> WireError {
        syntaxError("unexpected end of input", at: end)
    }

    func describeByte(at offset: Int) -> String {
        let byte = base[offset]
        if byte >= 0x21 && byte <= 0x7E {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    /// The error for a byte where a value should start.
    func unexpectedValueStart(at offset: Int) -> WireError {
        let byte = base[offset]
        if byte == UInt8(ascii: "N") || byte == UInt8(ascii: "I") {
            return syntaxError("NaN and Infinity are not JSON numbers (write the strings \"NaN\", \"Infinity\", \"-Infinity\")", at: offset)
        }
        return syntaxError("expected a value, found \(describeByte(at: offset))", at: offset)
    }

    mutating func countContainer(at offset: Int) throws(WireError) {
        containers += 1
        guard containers > JSONParser.maxContainers else { return }
        throw WireError(
            .tooLarge, kind: "payload-too-large",
            detail: "Request body has more than \(JSONParser.maxContainers) arrays and objects (at byte \(offset)); "
                + "send large arrays as rectangular arrays of numbers or as {\"shape\": [...], \"data\": [...]}")
    }

    func depthError(at offset: Int) -> WireError {
        syntaxError("nesting deeper than \(JSONParser.maxDepth) levels", at: offset)
    }

    // MARK: - Whitespace

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let byte = base[pos]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            pos += 1
        }
    }

    // MARK: - Values

    mutating func parseValue(depth: Int) throws(WireError) -> JSONValue {
        skipWhitespace()
        guard pos < end else { throw endOfInput() }
        switch base[pos] {
        case UInt8(ascii: "["):
            guard depth < JSONParser.maxDepth else { throw depthError(at: pos) }
            let start = pos
            if !notNumeric.contains(start) {
                if end - start >= Self.parallelMatrixMinBytes, let numeric = parseNumericMatrixInParallel(depth: depth) {
                    try countContainer(at: start)
                    return .numbers(numeric.array, numeric.tokens)
                }
                if let numeric = try parseNumericArray(depth: depth) {
                    try countContainer(at: start)
                    return .numbers(numeric.array, numeric.tokens)
                }
                pos = start
            }
            return try parseGenericArray(depth: depth + 1)
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maxDepth else { throw depthError(at: pos) }
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            if let integer = token.integer { return .integer(integer) }
            return .number(token.value)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpectedValueStart(at: pos)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(WireError) {
        let start = pos
        let count = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for index in 0..<count {
            guard pos < end else { throw endOfInput() }
            guard base[pos] == text[index] else {
                throw syntaxError("invalid literal (expected '\(literal)')", at: start)
            }
            pos += 1
        }
    }

    /// The generic array path; `pos` is at '['.
    mutating func parseGenericArray(depth: Int) throws(WireError) -> JSONValue {
        try countContainer(at: pos)
        pos += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        guard pos < end else { throw endOfInput() }
        if base[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            let byte = base[pos]
            pos += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { return .array(elements) }
            throw syntaxError("expected ',' or ']' in an array, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
    }

    /// An object; `pos` is at '{'. Duplicate member names are rejected.
    mutating func parseObject(depth: Int) throws(WireError) -> JSONValue {
        try countContainer(at: pos)
        pos += 1
        var members: [(key: String, value: JSONValue)] = []
        var names = Set<String>()
        skipWhitespace()
        guard pos < end else { throw endOfInput() }
        if base[pos] == UInt8(ascii: "}") {
            pos += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            guard base[pos] == UInt8(ascii: "\"") else {
                throw syntaxError("expected a member name in double quotes, found \(describeByte(at: pos))", at: pos)
            }
            let keyOffset = pos
            let key = try parseString()
            if !names.insert(key).inserted {
                throw WireError.badRequest("Request body has a duplicate member '\(key)' at byte \(keyOffset)")
            }
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            guard base[pos] == UInt8(ascii: ":") else {
                throw syntaxError("expected ':' after a member name, found \(describeByte(at: pos))", at: pos)
            }
            pos += 1
            let value = try parseValue(depth: depth)
            members.append((key: key, value: value))
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            let byte = base[pos]
            pos += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return .object(members) }
            throw syntaxError("expected ',' or '}' in an object, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
    }
}
