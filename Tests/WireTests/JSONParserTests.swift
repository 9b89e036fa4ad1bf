import Engine
import NIOCore
import Testing

@testable import Wire

@Suite("JSONParser: valid documents")
struct JSONParserValidTests {
    @Test(arguments: [
        ("null", "null"),
        ("true", "true"),
        (" \t\r\nfalse \n", "false"),
        ("0", "i0"),
        ("-0", "i0"),
        ("-0.0", "n-0.0"),
        ("-0e5", "n-0.0"),
        ("42", "i42"),
        ("-17", "i-17"),
        ("9223372036854775807", "i9223372036854775807"),
        ("9223372036854775808", "n9.223372036854776e+18"),
        ("1.5", "n1.5"),
        ("1e2", "n100.0"),
        ("1E+2", "n100.0"),
        ("100.0", "n100.0"),
        ("2.5e-3", "n0.0025"),
        ("1e999", "ninf"),
        ("-1e999", "n-inf"),
        ("1e-999", "n0.0"),
        ("4.9e-324", "n5e-324"),
        ("2.2250738585072011e-308", "n2.225073858507201e-308"),
        ("1.7976931348623157e308", "n1.7976931348623157e+308"),
        ("\"\"", "s\"\""),
        ("\"plain\"", "s\"plain\""),
        (#""\"\\\/\b\f\n\r\t""#, "s\"\\\"\\\\/\\u{08}\\u{0C}\\n\\r\\t\""),
        (#""\u00e9\u4E2D""#, "s\"é中\""),
        (#""\ud83d\ude00""#, "s\"😀\""),
        ("\"é中😀\"", "s\"é中😀\""),
        ("{}", "{}"),
        (#"{"a": 1, "b": [true, null]}"#, #"{"a":i1,"b":[true,null]}"#),
        ("[]", "N[0][]i"),
        ("[[], []]", "N[2, 0][]i"),
        ("[1, 2.5, -3]", "N[3][1.0, 2.5, -3.0]"),
        ("[[1, 2], [3, 4], [5, 6]]", "N[3, 2][1.0, 2.0, 3.0, 4.0, 5.0, 6.0]i"),
        ("[[[1], [2]], [[3], [4]]]", "N[2, 2, 1][1.0, 2.0, 3.0, 4.0]i"),
        ("[ [ 1 , 2 ] ,[3,4] ]", "N[2, 2][1.0, 2.0, 3.0, 4.0]i"),
        ("[-0, -0.0]", "N[2][0.0, -0.0]"),
        ("[1, 1e999, -2e400]", "N[3][1.0, inf, -inf]∞"),
        ("[[1], [1e999]]", "N[2, 1][1.0, inf]∞"),
        ("[1, \"NaN\"]", "[i1,s\"NaN\"]"),
        ("[[1, 2], [3]]", "[N[2][1.0, 2.0]i,N[1][3.0]i]"),
        ("[[1, 2], [3, \"Infinity\"]]", "[N[2][1.0, 2.0]i,[i3,s\"Infinity\"]]"),
        ("[[1], 2]", "[N[1][1.0]i,i2]"),
        ("[1, [2]]", "[i1,N[1][2.0]i]"),
        ("[[[1]], [2]]", "[N[1, 1][1.0]i,N[1][2.0]i]"),
        ("[[], [1]]", "[N[0][]i,N[1][1.0]i]"),
        ("[[1], []]", "[N[1][1.0]i,N[0][]i]"),
        ("[[[]], []]", "[N[1, 0][]i,N[0][]i]"),
        ("[{\"a\": [1, 2]}, [3]]", "[{\"a\":N[2][1.0, 2.0]i},N[1][3.0]i]"),
    ])
    func parses(_ input: String, _ expected: String) {
        #expect(WireTest.render(WireTest.json(input)) == expected)
    }

    @Test func membersKeepDocumentOrder() {
        #expect(WireTest.render(WireTest.json(#"{"z": 1, "a": 2, "m": 3}"#)) == #"{"z":i1,"a":i2,"m":i3}"#)
    }

    @Test func parsesByteBuffer() throws {
        let buffer = ByteBuffer(string: #"{"x": [[1, 2], [3, 4]]}"#)
        let value = try JSONParser.parse(buffer)
        #expect(WireTest.render(value) == #"{"x":N[2, 2][1.0, 2.0, 3.0, 4.0]i}"#)
    }

    @Test func parsesByteBufferWithReaderIndex() throws {
        var buffer = ByteBuffer(string: "garbage[7]")
        buffer.moveReaderIndex(forwardBy: 7)
        #expect(WireTest.render(try JSONParser.parse(buffer)) == "N[1][7.0]i")
    }

    @Test func acceptsNestingAtTheLimit() {
        let depth = JSONParser.maxDepth
        let arrays = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        guard case .numbers(let array, _) = WireTest.json(arrays) else {
            Issue.record("expected a numeric array")
            return
        }
        #expect(array.shape == [Int](repeating: 1, count: depth))
        let objects = String(repeating: "{\"a\":[", count: depth / 2) + "\"x\"" + String(repeating: "]}", count: depth / 2)
        #expect(WireTest.parseProblem(objects) == nil)
    }

    /// A deep array whose innermost row holds a string: every level's fast path would fail at the same byte.
    /// The parser marks the open arrays as not numeric, so this stays linear instead of depth × size.
    @Test func fallbackFromTheFastPathStaysLinear() {
        let depth = 250
        let row = Array(repeating: "0.5", count: 200_000).joined(separator: ",")
        let text = String(repeating: "[", count: depth) + row + ",\"NaN\"" + String(repeating: "]", count: depth)
        var value = WireTest.json(text)
        for _ in 1..<depth {
            guard case .array(let elements) = value, elements.count == 1 else {
                Issue.record("expected a generic array of one element")
                return
            }
            value = elements[0]
        }
        guard case .array(let leaves) = value else {
            Issue.record("expected the innermost row as a generic array")
            return
        }
        #expect(leaves.count == 200_001)
        #expect(WireTest.render(leaves[0]) == "n0.5")
        #expect(WireTest.render(leaves[200_000]) == "s\"NaN\"")
    }

    @Test func largeNumericArray() {
        let rows = (0..<300).map { row in "[" + (0..<7).map { "\(row * 7 + $0).25" }.joined(separator: ",") + "]" }
        guard case .numbers(let array, let tokens) = WireTest.json("[" + rows.joined(separator: ",") + "]") else {
            Issue.record("expected a numeric array")
            return
        }
        #expect(array.shape == [300, 7])
        #expect(!tokens.allIntegers && tokens.allFinite)
        #expect(array.data == (0..<2100).map { Double($0) + 0.25 })
    }
}

@Suite("JSONParser: invalid documents")
struct JSONParserInvalidTests {
    static let prefix = "Request body is not valid JSON: "

    @Test(arguments: [
        ("", "the body is empty"),
        ("   ", "unexpected end of input at byte 3"),
        ("[1, 2", "unexpected end of input at byte 5"),
        ("{\"a\": 1} x", "unexpected character 'x' after the value at byte 9"),
        ("[1] [2]", "unexpected character '[' after the value at byte 4"),
        ("01", "a number may not have leading zeros at byte 0"),
        ("[-012]", "a number may not have leading zeros at byte 1"),
        ("-", "unexpected end of input at byte 1"),
        ("-a", "invalid number (expected a digit after '-') at byte 0"),
        ("1.", "invalid number (expected a digit after '.') at byte 0"),
        ("[1.e5]", "invalid number (expected a digit after '.') at byte 1"),
        ("1e", "invalid number (expected a digit in the exponent) at byte 0"),
        ("1e+", "invalid number (expected a digit in the exponent) at byte 0"),
        (".5", "expected a value, found character '.' at byte 0"),
        ("+1", "expected a value, found character '+' at byte 0"),
        ("NaN", "NaN and Infinity are not JSON numbers (write the strings \"NaN\", \"Infinity\", \"-Infinity\") at byte 0"),
        ("[1, Infinity]", "NaN and Infinity are not JSON numbers (write the strings \"NaN\", \"Infinity\", \"-Infinity\") at byte 4"),
        ("-Infinity", "NaN and Infinity are not JSON numbers (write the strings \"NaN\", \"Infinity\", \"-Infinity\") at byte 1"),
        ("[1, 2,]", "expected a value, found character ']' at byte 6"),
        ("[1 2]", "expected ',' or ']' in an array, found character '2' at byte 3"),
        ("[,]", "expected a value, found character ',' at byte 1"),
        ("{\"a\" 1}", "expected ':' after a member name, found character '1' at byte 5"),
        ("{\"a\": 1,}", "expected a member name in double quotes, found character '}' at byte 8"),
        ("{a: 1}", "expected a member name in double quotes, found character 'a' at byte 1"),
        ("{\"a\": 1 \"b\": 2}", "expected ',' or '}' in an object, found character '\"' at byte 8"),
        ("tru", "unexpected end of input at byte 3"),
        ("trUe", "invalid literal (expected 'true') at byte 0"),
        ("nul", "unexpected end of input at byte 3"),
        ("\"abc", "unterminated string at byte 0"),
        ("\"a\u{01}b\"", "unescaped control character 0x01 in a string at byte 2"),
        ("\"a\nb\"", "unescaped control character 0x0A in a string at byte 2"),
        (#""\x""#, "invalid escape in a string at byte 1"),
        (#""\u12G4""#, #"invalid \u escape in a string (expected 4 hex digits) at byte 1"#),
        (#""\ud800""#, #"unpaired surrogate \uD800 in a string at byte 1"#),
        (#""\ud800\u0041""#, #"unpaired surrogate \uD800 in a string at byte 1"#),
        (#""\udc00""#, #"unpaired surrogate \uDC00 in a string at byte 1"#),
        ("[\"a\", 'b']", "expected a value, found character ''' at byte 6"),
        ("\u{FEFF}{}", "expected a value, found byte 0xEF at byte 0"),
    ])
    func rejects(_ input: String, _ what: String) {
        let problem = WireTest.parseProblem(input)
        #expect(problem?.fault == .malformed)
        #expect(problem?.kind == "bad-request")
        #expect(problem?.detail == Self.prefix + what)
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22], 1),            // bad continuation
        ([0x22, 0xC0, 0xAF, 0x22], 1),            // overlong '/'
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),      // overlong 3-byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),      // UTF-8 encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1), // above U+10FFFF
        ([0x22, 0x61, 0xFF, 0x22], 2),
        ([0x22, 0xE2, 0x82], 1),                  // truncated at end
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(_ bytes: [UInt8], _ offset: Int) {
        let problem = WireTest.problem { () throws(WireError) in _ = try JSONParser.parse(bytes) }
        #expect(problem?.detail == Self.prefix + "invalid UTF-8 at byte \(offset)")
    }

    @Test func rejectsDuplicateMembers() {
        let problem = WireTest.parseProblem(#"{"epochs": 1, "seed": 2, "epochs": 3}"#)
        #expect(problem?.fault == .malformed)
        #expect(problem?.detail == "Request body has a duplicate member 'epochs' at byte 25")
    }

    @Test func rejectsArrayDepthBombWithoutCrashing() {
        let bomb = String(repeating: "[", count: 100_000)
        #expect(WireTest.parseProblem(bomb)?.detail == Self.prefix + "nesting deeper than 256 levels at byte 256")
    }

    @Test func rejectsObjectDepthBombWithoutCrashing() {
        let bomb = String(repeating: "{\"a\":", count: 100_000)
        #expect(WireTest.parseProblem(bomb)?.detail == Self.prefix + "nesting deeper than 256 levels at byte 1280")
    }

    @Test func rejectsMixedDepthBombWithoutCrashing() {
        let bomb = String(repeating: "[1,{\"a\":", count: 50_000)
        #expect(WireTest.parseProblem(bomb)?.detail == Self.prefix + "nesting deeper than 256 levels at byte 1024")
    }

    @Test func boundsTheNumberOfContainers() {
        let count = JSONParser.maxContainers
        let text = "[" + Array(repeating: "[]", count: count).joined(separator: ",") + ",{}]"
        let problem = WireTest.parseProblem(text)
        #expect(problem?.fault == .tooLarge)
        #expect(problem?.kind == "payload-too-large")
        #expect(problem?.detail == "Request body has more than 4194304 arrays and objects (at byte \(3 * count - 2)); "
            + "send large arrays as rectangular arrays of numbers or as {\"shape\": [...], \"data\": [...]}")
        // A big numeric matrix is one container.
        let rows = "[" + Array(repeating: "[1]", count: count + 10).joined(separator: ",") + "]"
        #expect(WireTest.parseProblem(rows) == nil)
    }

    @Test func reportsSyntaxErrorsInsideNumericArrays() {
        #expect(WireTest.parseProblem("[[1, 2], [3, 4}")?.detail == Self.prefix + "expected ',' or ']' in an array, found character '}' at byte 14")
        #expect(WireTest.parseProblem("[[1, 2], [3, 04]]")?.detail == Self.prefix + "a number may not have leading zeros at byte 13")
    }
}
