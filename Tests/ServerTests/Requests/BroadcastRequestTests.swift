import Engine
import HTTPTypes
import Testing
import Wire

@testable import Server

@Suite("BroadcastRequest")
struct BroadcastRequestTests {
    static func request(_ text: String, limits: Limits = RequestTest.limits) throws(WireError) -> BroadcastRequest {
        try BroadcastRequest(json: try JSONParser.parse(text), limits: limits)
    }

    static func problem(_ text: String, limits: Limits = RequestTest.limits) -> Problem? {
        RequestTest.problem { () throws(WireError) in _ = try request(text, limits: limits) }
    }

    static func shapes(_ text: String) throws -> [[Int]] {
        guard case .shapes(let shapes) = try request(text).kind else {
            Issue.record("expected shapes")
            return []
        }
        return shapes
    }

    @Test(arguments: [
        (#"{"shapes": [[3, 1], [3, 4]]}"#, [[3, 1], [3, 4]]),
        (#"{"shapes": [[8, 1, 6, 1], [7, 1, 5]]}"#, [[8, 1, 6, 1], [7, 1, 5]]),
        (#"{"shapes": [3, [1]]}"#, [[3], [1]]),
        (#"{"shapes": [3, 4]}"#, [[3], [4]]),
        (#"{"shapes": []}"#, []),
        (#"{"shapes": [[]]}"#, [[]]),
        (#"{"shapes": [[], [2, 0]]}"#, [[], [2, 0]]),
        (#"{"shapes": [[0], [1]]}"#, [[0], [1]]),
    ])
    func decodesShapes(_ text: String, _ expected: [[Int]]) throws {
        #expect(try Self.shapes(text) == expected)
    }

    @Test func decodesAnOperation() throws {
        let request = try Self.request(#"{"op": "subtract", "a": [[1], [2], [3]], "b": [[1, 2, 3, 4]]}"#)
        guard case .operation(let operation, let a, let b) = request.kind else {
            Issue.record("expected an operation")
            return
        }
        #expect(operation == .elementwise(.subtract))
        #expect(a == NDArray(shape: [3, 1], data: [1, 2, 3]))
        #expect(b == NDArray(shape: [1, 4], data: [1, 2, 3, 4]))
    }

    @Test(arguments: [("+", ArrayOperation.elementwise(.add)), ("@", .matmul), ("dot", .dot), ("**", .elementwise(.power)),
                      ("maximum", .elementwise(.maximum))])
    func acceptsOperationNames(_ name: String, _ operation: ArrayOperation) throws {
        guard case .operation(let decoded, _, _) = try Self.request(#"{"op": "\#(name)", "a": 1, "b": 2}"#).kind else {
            Issue.record("expected an operation")
            return
        }
        #expect(decoded == operation)
    }

    @Test func operandsKeepNonFiniteValues() throws {
        let request = try Self.request(#"{"op": "add", "a": ["NaN", "Infinity", "-Infinity", 1e999], "b": {"shape": [], "data": ["NaN"]}}"#)
        guard case .operation(_, let a, let b) = request.kind else {
            Issue.record("expected an operation")
            return
        }
        #expect(a.shape == [4])
        #expect(a.data[0].isNaN && a.data[1] == .infinity && a.data[2] == -.infinity && a.data[3] == .infinity)
        #expect(b.shape == [] && b.data[0].isNaN)
    }

    @Test(arguments: [
        ("[]", "", "Request body must be a JSON object, found an array"),
        (#"{}"#, "", "missing member: give 'shapes', or 'op' with 'a' and 'b'"),
        (#"{"shapes": [[1]], "op": "add"}"#, "/op", "give either 'shapes' or 'op' with 'a' and 'b', not both"),
        (#"{"op": "add", "a": 1}"#, "/b", "missing member 'b'"),
        (#"{"a": 1, "b": 2}"#, "/op", "missing member 'op'"),
        (#"{"op": 1, "a": 1, "b": 2}"#, "/op", "'op' must be a string, found a number"),
        (#"{"shapes": [[1]], "shape": [1]}"#, "/shape", "unknown member 'shape'"),
        (#"{"shapes": "3,4"}"#, "/shapes", "'shapes' must be a list of shapes (lists of integers), found a string"),
        (#"{"shapes": [[3, 1.5]]}"#, "/shapes/0/1", "'shapes' must contain only integers (without fraction or exponent)"),
        (#"{"shapes": [[3, 1.0]]}"#, "/shapes", "'shapes' must contain only integers (without fraction or exponent)"),
        (#"{"shapes": [[3], [1, "2"]]}"#, "/shapes/1/1", "'shapes' must be a list of integers: /shapes/1/1 is a string"),
        (#"{"shapes": [[3], [1, 2.5]]}"#, "/shapes/1/1", "'shapes' must be a list of integers (without fraction or exponent)"),
        (#"{"shapes": [3, [1, 2.5e0]]}"#, "/shapes/1/1", "'shapes' must be a list of integers (without fraction or exponent)"),
        (#"{"shapes": [[1], 2.5]}"#, "/shapes/1", "'shapes' must be a list of integers, found a number"),
        (#"{"shapes": [[[1]], [[2]]]}"#, "/shapes/0/0", "'shapes' must be a list of shapes (lists of integers): /shapes/0/0 is an array"),
        (#"{"op": "add", "a": [1, null], "b": 2}"#, "/a/1", "'a' must contain only numbers: /a/1 is null"),
        (#"{"op": "add", "a": 1, "b": "x"}"#,
         "/b", "'b' must be a number, an array of numbers or {\"shape\": [...], \"data\": [...]}, found a string"),
    ])
    func badRequests(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.status == .badRequest)
        #expect(problem?.detail == detail)
        #expect(problem?.errors.map(\.pointer) == (pointer.isEmpty ? [] : [pointer]))
    }

    @Test func unknownOperationListsTheAcceptedOnes() {
        let problem = Self.problem(#"{"op": "plus", "a": 1, "b": 2}"#)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail
            == "unknown op 'plus'; accepted: add, subtract, multiply, divide, power, maximum, minimum, matmul, dot, +, -, *, /, **, @")
        #expect(problem?.errors.map(\.pointer) == ["/op"])
    }

    @Test func negativeSizesAreUnprocessable() {
        let problem = Self.problem(#"{"shapes": [[3, 1], [3, -4]]}"#)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail == "negative dimensions are not allowed")
        #expect(problem?.errors.map(\.pointer) == ["/shapes/1/1"])
        #expect(Self.problem(#"{"shapes": [2, -1]}"#)?.errors.map(\.pointer) == ["/shapes/1"])
        #expect(Self.problem(#"{"shapes": [[2], -1]}"#)?.errors.map(\.pointer) == ["/shapes/1"])
    }

    @Test func hugeSizesAreUnprocessable() {
        let problem = Self.problem(#"{"shapes": [[3, 99999999999999999999]]}"#)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail == "'shapes': the size at /shapes/0/1 is too large")
    }

    @Test func shapesAreBounded() {
        let many = "[" + Array(repeating: "[1]", count: BroadcastRequest.maxShapes + 1).joined(separator: ",") + "]"
        let problem = Self.problem(#"{"shapes": \#(many)}"#)
        #expect(problem?.detail == "'shapes' lists 10001 shapes; at most 10000 are accepted")
        let deep = "[" + Array(repeating: "1", count: 65).joined(separator: ",") + "]"
        #expect(Self.problem(#"{"shapes": [\#(deep)]}"#)?.detail == "maximum supported dimension for an ndarray is currently 64, found 65")
    }

    @Test func operandLimitIsCheckedHere() {
        let limits = Limits(maxBroadcastElements: 4)
        let problem = Self.problem(#"{"op": "add", "a": [1, 2, 3, 4, 5], "b": 1}"#, limits: limits)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.kind == "limit-exceeded")
        #expect(problem?.detail == "'a' has 5 elements, more than the limit of 4 (max-broadcast-elements)")
        #expect(problem?.errors.map(\.pointer) == ["/a"])
        let shapeOnly = Self.problem(#"{"op": "add", "a": 1, "b": {"shape": [100000, 100000], "data": []}}"#, limits: limits)
        #expect(shapeOnly?.detail == "'b' has 10000000000 elements, more than the limit of 4 (max-broadcast-elements)")
    }

    @Test func resultSizeCheck() throws {
        let limits = Limits(maxBroadcastElements: 12)
        try BroadcastRequest.checkResultSize([3, 4], limits: limits)
        let problem = RequestTest.problem { () throws(WireError) in try BroadcastRequest.checkResultSize([3, 5], limits: limits) }
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail == "the result of shape [3, 5] has 15 elements, more than the limit of 12 (max-broadcast-elements)")
    }
}
