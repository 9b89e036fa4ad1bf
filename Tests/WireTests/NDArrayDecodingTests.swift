import Engine
import Testing

@testable import Wire

@Suite("NDArrayDecoder")
struct NDArrayDecodingTests {
    static func decoder(allowNonFinite: Bool = false, maxElements: Int = 1_000) -> NDArrayDecoder {
        NDArrayDecoder(member: "x", pointer: "/x", allowNonFinite: allowNonFinite, maxElements: maxElements, limitFlag: "max-train-elements")
    }

    static func decode(_ text: String, allowNonFinite: Bool = false, maxElements: Int = 1_000) throws(WireError) -> NDArray {
        try decoder(allowNonFinite: allowNonFinite, maxElements: maxElements).decode(try JSONParser.parse(text))
    }

    static func problem(_ text: String, allowNonFinite: Bool = false, maxElements: Int = 1_000) -> WireError? {
        WireTest.problem { () throws(WireError) in _ = try decode(text, allowNonFinite: allowNonFinite, maxElements: maxElements) }
    }

    @Test(arguments: [
        ("3", [Int](), [3.0]),
        ("-2.5", [], [-2.5]),
        ("[1, 2, 3]", [3], [1, 2, 3]),
        ("[[1, 2], [3, 4], [5, 6]]", [3, 2], [1, 2, 3, 4, 5, 6]),
        ("[]", [0], []),
        ("[[], []]", [2, 0], []),
        (#"{"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}"#, [2, 3], [1, 2, 3, 4, 5, 6]),
        (#"{"data": [7], "shape": []}"#, [], [7]),
        (#"{"shape": 3, "data": [1, 2, 3]}"#, [3], [1, 2, 3]),
        (#"{"shape": [0, 5], "data": []}"#, [0, 5], []),
        (#"{"shape": [2, 2], "data": [[1, 2], [3, 4]]}"#, [2, 2], [1, 2, 3, 4]),
    ] as [(String, [Int], [Double])])
    func decodesArrays(_ text: String, _ shape: [Int], _ data: [Double]) throws {
        let array = try Self.decode(text)
        #expect(array.shape == shape)
        #expect(array.data == data)
    }

    @Test func decodesNonFiniteStringsWhereAllowed() throws {
        let array = try Self.decode(#"[[1, "NaN"], ["Infinity", "-Infinity"], [1e999, -0.0]]"#, allowNonFinite: true)
        #expect(array.shape == [3, 2])
        #expect(array.data[0] == 1)
        #expect(array.data[1].isNaN)
        #expect(array.data[2] == .infinity)
        #expect(array.data[3] == -.infinity)
        #expect(array.data[4] == .infinity)
        #expect(array.data[5] == 0 && array.data[5].sign == .minus)
        #expect(try Self.decode(#""NaN""#, allowNonFinite: true).data[0].isNaN)
        let mixed = try Self.decode(#"[[1, 2], [3, 4], [5, "NaN"], [7, 8]]"#, allowNonFinite: true)
        #expect(mixed.shape == [4, 2])
        #expect(Array(mixed.data[0..<5]) == [1, 2, 3, 4, 5])
        #expect(mixed.data[5].isNaN)
        #expect(Array(mixed.data[6...]) == [7, 8])
    }

    @Test(arguments: [
        ("[[1, 2], [3, 4], [5, 6], [7, 8, 9]]", "/x/3", "ragged array: /x/3 has 3 elements, expected 2"),
        ("[[1, 2], [3]]", "/x/1", "ragged array: /x/1 has 1 elements, expected 2"),
        ("[[1, 2], 3]", "/x/1", "ragged array: /x/1 is a number, expected an array of 2 elements"),
        ("[1, [2]]", "/x/1", "ragged array: /x/1 is an array, expected a number"),
        ("[[[1, 2]], [[3, 4], [5, 6]]]", "/x/1", "ragged array: /x/1 has 2 elements, expected 1"),
        ("[[[1, 2]], [[3, 4, 5]]]", "/x/1/0", "ragged array: /x/1/0 has 3 elements, expected 2"),
        ("[[[1, 2]], [[3, \"NaN\", 5]]]", "/x/1/0", "ragged array: /x/1/0 has 3 elements, expected 2"),
        ("[[[1], [2]], [3, 4]]", "/x/1/0", "ragged array: /x/1/0 is a number, expected an array of 1 elements"),
        ("[[1, 2], [[3], [4]]]", "/x/1/0", "ragged array: /x/1/0 is an array, expected a number"),
        ("[[], [1]]", "/x/1", "ragged array: /x/1 has 1 elements, expected 0"),
    ])
    func raggedArraysPointAtTheFirstBadRow(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text, allowNonFinite: true)
        #expect(problem?.fault == .unusable)
        #expect(problem?.kind == "ragged-array")
        #expect(problem?.detail == detail)
        #expect(problem?.pointer == pointer)
    }

    @Test(arguments: [
        ("[[1, 2], [3, true]]", "/x/1/1", "'x' must contain only numbers: /x/1/1 is a boolean"),
        ("[[1, 2], [null, 4]]", "/x/1/0", "'x' must contain only numbers: /x/1/0 is null"),
        ("[1, \"two\"]", "/x/1", "'x' must contain only numbers: /x/1 is a string"),
        ("[[1, 2], \"row\"]", "/x/1", "'x' must contain only numbers: /x/1 is a string"),
        ("[{}, 1]", "/x/0", "'x' must contain only numbers: /x/0 is an object"),
        ("\"abc\"", "/x", "'x' must be a number, an array of numbers or {\"shape\": [...], \"data\": [...]}, found a string"),
        ("true", "/x", "'x' must be a number, an array of numbers or {\"shape\": [...], \"data\": [...]}, found a boolean"),
        (#"{"shape": [2], "data": [1, 2], "dtype": "f8"}"#,
         "/x/dtype", "unknown member 'dtype' in 'x' (an array object has only 'shape' and 'data')"),
        (#"{"data": [1, 2]}"#, "/x/shape", "missing member 'shape' in 'x'"),
        (#"{"shape": [2]}"#, "/x/data", "missing member 'data' in 'x'"),
        (#"{"shape": [2.5], "data": [1, 2]}"#, "/x/shape/0", "'shape' must be a list of integers (without fraction or exponent)"),
        (#"{"shape": ["2"], "data": [1, 2]}"#, "/x/shape/0", "'shape' must be a list of integers: /x/shape/0 is a string"),
        (#"{"shape": [2], "data": {"a": 1}}"#, "/x/data", "'x': 'data' must be an array of numbers, found an object"),
        (#"{"shape": [2], "data": [1, "a"]}"#, "/x/data/1", "'x' must contain only numbers: /x/data/1 is a string"),
    ])
    func nonNumbersAreBadRequests(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.fault == .malformed)
        #expect(problem?.detail == detail)
        #expect(problem?.pointer == pointer)
    }

    @Test(arguments: [
        (#"{"shape": [2, -3], "data": []}"#, "/x/shape/1", "negative dimensions are not allowed"),
        (#"{"shape": [2, 3], "data": [1, 2, 3, 4, 5]}"#, "/x/data", "'x': 'data' has 5 elements, but shape [2, 3] needs 6"),
    ])
    func shapeAndDataMismatches(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.fault == .unusable)
        #expect(problem?.detail == detail)
        #expect(problem?.pointer == pointer)
    }

    @Test(arguments: [
        ("[[1, 2], [3, \"NaN\"]]", "/x/1/1", "'x' must not contain non-finite values: /x/1/1 is NaN"),
        ("[[1, 2], [3, 1e999]]", "/x/1/1", "'x' must not contain non-finite values: /x/1/1 is Infinity"),
        ("[1, 2, -1e400]", "/x/2", "'x' must not contain non-finite values: /x/2 is -Infinity"),
        ("\"-Infinity\"", "/x", "'x' must not contain non-finite values: /x is -Infinity"),
        ("1e999", "/x", "'x' must not contain non-finite values: /x is Infinity"),
        ("[[1, 2], [3, 4], [5, 6e500]]", "/x/2/1", "'x' must not contain non-finite values: /x/2/1 is Infinity"),
        (#"{"shape": [2, 2], "data": [1, 2, 3, "NaN"]}"#, "/x/data/3", "'x' must not contain non-finite values: /x/data/3 is NaN"),
    ])
    func nonFiniteIsUnprocessableWhereNotAllowed(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.fault == .unusable)
        #expect(problem?.kind == "non-finite-value")
        #expect(problem?.detail == detail)
        #expect(problem?.pointer == pointer)
    }

    @Test func limitsAreCheckedBeforeAllocating() {
        // A 10^18-element shape must be refused from its numbers alone.
        let huge = Self.problem(#"{"shape": [1000000000, 1000000000], "data": [1]}"#)
        #expect(huge?.fault == .unusable)
        #expect(huge?.kind == "limit-exceeded")
        #expect(huge?.detail == "'x' has 1000000000000000000 elements, more than the limit of 1000 (max-train-elements)")
        let overflow = Self.problem(#"{"shape": [4294967296, 4294967296, 4294967296], "data": []}"#)
        #expect(overflow?.detail == "'x' has too many elements, more than the limit of 1000 (max-train-elements)")
        let nested = Self.problem("[[1, 2, 3], [4, 5, 6]]", maxElements: 5)
        #expect(nested?.detail == "'x' has 6 elements, more than the limit of 5 (max-train-elements)")
        let generic = Self.problem("[[1, 2, 3], [4, 5, \"NaN\"]]", allowNonFinite: true, maxElements: 5)
        #expect(generic?.detail == "'x' has 6 elements, more than the limit of 5 (max-train-elements)")
        #expect(generic?.pointer == "/x")
        #expect(Self.problem("[1, 2, 3, 4, 5]", maxElements: 5) == nil)
    }

    @Test func tooManyDimensions() {
        let text = String(repeating: "[", count: 65) + "1" + String(repeating: "]", count: 65)
        #expect(Self.problem(text)?.detail == "'x': maximum supported dimension for an ndarray is currently 64, found 65")
    }
}
