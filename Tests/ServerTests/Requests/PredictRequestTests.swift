import Engine
import HTTPTypes
import Testing
import Wire

@testable import Server

@Suite("PredictRequest")
struct PredictRequestTests {
    static func request(_ text: String, limits: Limits = RequestTest.limits) throws(WireError) -> PredictRequest {
        try PredictRequest(json: try JSONParser.parse(text), limits: limits)
    }

    static func problem(_ text: String, limits: Limits = RequestTest.limits) -> Problem? {
        RequestTest.problem { () throws(WireError) in _ = try request(text, limits: limits) }
    }

    @Test func defaultsAndRows() throws {
        let request = try Self.request(#"{"model": "churn", "x": [[0.5, 0.1], [1.0, 2.0]]}"#)
        #expect(request.model == "churn")
        #expect(request.version == nil)
        #expect(request.threshold == 0.5)
        #expect(request.x == NDArray(shape: [2, 2], data: [0.5, 0.1, 1.0, 2.0]))
    }

    @Test func oneRowVersionAndThreshold() throws {
        let request = try Self.request(#"{"model": "mdl_abc", "version": 2, "x": [0.5, 0.1], "threshold": 1}"#)
        #expect(request.version == 2)
        #expect(request.threshold == 1)
        #expect(request.x == NDArray(shape: [2], data: [0.5, 0.1]))
    }

    @Test(arguments: [
        (#"{"x": [1]}"#, "/model", "missing member 'model'"),
        (#"{"model": "m"}"#, "/x", "missing member 'x'"),
        (#"{"model": 3, "x": [1]}"#, "/model", "'model' must be a string, found a number"),
        (#"{"model": "m", "x": [1], "version": "2"}"#, "/version", "'version' must be an integer, found a string"),
        (#"{"model": "m", "x": [1], "version": 2.0}"#, "/version", "'version' must be an integer, found 2.0"),
        (#"{"model": "m", "x": [1], "threshold": true}"#, "/threshold", "'threshold' must be a number, found a boolean"),
        (#"{"model": "m", "x": [1], "treshold": 0.5}"#, "/treshold", "unknown member 'treshold'"),
        (#"{"model": "m", "x": [[1, "2"]]}"#, "/x/0/1", "'x' must contain only numbers: /x/0/1 is a string"),
    ])
    func badRequests(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.status == .badRequest)
        #expect(problem?.detail == detail)
        #expect(problem?.errors.map(\.pointer) == [pointer])
    }

    @Test(arguments: [
        (#"{"model": "", "x": [1]}"#, "/model", "'model' must not be empty"),
        (#"{"model": "m", "x": [1], "version": 0}"#, "/version", "'version' must be at least 1, got 0"),
        (#"{"model": "m", "x": [1], "threshold": 1.5}"#, "/threshold", "'threshold' must be between 0 and 1, got 1.5"),
        (#"{"model": "m", "x": [1], "threshold": -1e999}"#, "/threshold", "'threshold' must be between 0 and 1, got -Infinity"),
        (#"{"model": "m", "x": 5}"#, "/x", "'x' must be one row (features) or rows (samples × features), got shape []"),
        (#"{"model": "m", "x": [[[1]]]}"#, "/x", "'x' must be one row (features) or rows (samples × features), got shape [1, 1, 1]"),
        (#"{"model": "m", "x": [1, "Infinity"]}"#, "/x/1", "'x' must not contain non-finite values: /x/1 is Infinity"),
        (#"{"model": "m", "x": [[1, 2], [3, 4e999]]}"#, "/x/1/1", "'x' must not contain non-finite values: /x/1/1 is Infinity"),
        (#"{"model": "m", "x": [[1, 2], [3]]}"#, "/x/1", "ragged array: /x/1 has 1 elements, expected 2"),
    ])
    func unprocessable(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail == detail)
        #expect(problem?.errors.map(\.pointer) == [pointer])
    }
}
