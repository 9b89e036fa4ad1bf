import Engine
import HTTPTypes
import Storage
import Testing
import Wire

@testable import Server

@Suite("TrainRequest")
struct TrainRequestTests {
    static func request(_ text: String, limits: Limits = RequestTest.limits) throws(WireError) -> TrainRequest {
        try TrainRequest(json: try JSONParser.parse(text), limits: limits)
    }

    static func problem(_ text: String, limits: Limits = RequestTest.limits) -> Problem? {
        RequestTest.problem { () throws(WireError) in _ = try request(text, limits: limits) }
    }

    @Test func defaults() throws {
        let request = try Self.request(#"{"generate": {"samples": 64, "features": 2}}"#)
        guard case .generate(let samples, let features) = request.data else {
            Issue.record("expected generate")
            return
        }
        #expect(samples == 64 && features == 2)
        #expect(request.epochs == 100)
        #expect(request.learningRate == 0.01)
        #expect(request.seed == nil)
        #expect(request.snapshotEvery == 10)
        #expect(request.name == nil)
        #expect(request.wait == false)
        #expect(request.precision == nil)
        #expect(request.submission(defaultPrecision: .exact).precision == .exact)
        #expect(request.submission(defaultPrecision: .fast).precision == .fast)
    }

    @Test func precisionIsExactOrFastAndBeatsTheDefault() throws {
        for precision in Precision.allCases {
            let request = try Self.request(#"{"generate": {"samples": 4, "features": 2}, "precision": "\#(precision.rawValue)"}"#)
            #expect(request.precision == precision)
            for fallback in Precision.allCases { #expect(request.submission(defaultPrecision: fallback).precision == precision) }
        }
        #expect(try Self.request(#"{"generate": {"samples": 4, "features": 2}, "precision": null}"#).precision == nil)
    }

    @Test func everyMember() throws {
        let request = try Self.request(#"""
            {"x": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], "y": [0, 1, 0.25], "epochs": 7, "learning_rate": 0.5,
             "seed": 4294967295, "snapshot_every": 0, "name": "churn-v1.2_a", "wait": true}
            """#)
        guard case .given(let set) = request.data else {
            Issue.record("expected a given training set")
            return
        }
        #expect(set.x == NDArray(shape: [3, 2], data: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]))
        #expect(set.y == [0, 1, 0.25])
        #expect(request.epochs == 7)
        #expect(request.learningRate == 0.5)
        #expect(request.seed == 4_294_967_295)
        #expect(request.snapshotEvery == 0)
        #expect(request.name == "churn-v1.2_a")
        #expect(request.wait == true)
    }

    @Test func acceptsColumnLabelsAndNullOptionals() throws {
        let request = try Self.request(#"{"x": [[1], [2]], "y": [[0], [1]], "seed": null, "name": null, "learning_rate": 1}"#)
        guard case .given(let set) = request.data else {
            Issue.record("expected a given training set")
            return
        }
        #expect(set.y == [0, 1])
        #expect(request.seed == nil)
        #expect(request.learningRate == 1)
        let shaped = try Self.request(#"{"x": {"shape": [2, 2], "data": [1, 2, 3, 4]}, "y": {"shape": [2, 1], "data": [1, 0]}, "seed": 0}"#)
        #expect(shaped.seed == 0)
    }

    @Test(arguments: [
        ("[1]", "", "Request body must be a JSON object, found an array"),
        (#"{"generate": {"samples": 4, "features": 2}, "learning_rte": 0.1}"#, "/learning_rte", "unknown member 'learning_rte'"),
        (#"{"generate": {"samples": 4, "features": 2, "seed": 1}}"#, "/generate/seed", "unknown member 'seed' in 'generate'"),
        (#"{}"#, "", "missing member: give 'x' and 'y', or 'generate'"),
        (#"{"x": [[1]]}"#, "/y", "missing member 'y'"),
        (#"{"y": [1]}"#, "/x", "missing member 'x'"),
        (#"{"x": [[1]], "y": [1], "generate": {"samples": 1, "features": 1}}"#, "/generate", "give either 'x' and 'y' or 'generate', not both"),
        (#"{"generate": [64, 2]}"#, "/generate", "'generate' must be an object, found an array"),
        (#"{"generate": {"samples": 4}}"#, "/generate/features", "missing member 'features'"),
        (#"{"generate": {"samples": 4.0, "features": 2}}"#, "/generate/samples", "'samples' must be an integer, found 4.0"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 1.5}"#, "/epochs", "'epochs' must be an integer, found 1.5"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 1e2}"#, "/epochs", "'epochs' must be an integer, found 100.0"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": "100"}"#, "/epochs", "'epochs' must be an integer, found a string"),
        (#"{"generate": {"samples": 4, "features": 2}, "seed": 42.5}"#, "/seed", "'seed' must be an integer, found 42.5"),
        (#"{"generate": {"samples": 4, "features": 2}, "learning_rate": "0.1"}"#,
         "/learning_rate", "'learning_rate' must be a number, found a string"),
        (#"{"generate": {"samples": 4, "features": 2}, "wait": 1}"#, "/wait", "'wait' must be a boolean, found a number"),
        (#"{"generate": {"samples": 4, "features": 2}, "name": 7}"#, "/name", "'name' must be a string, found a number"),
        (#"{"generate": {"samples": 4, "features": 2}, "precision": true}"#, "/precision", "'precision' must be a string, found a boolean"),
        (#"{"x": [[1, 2], [3, "a"]], "y": [0, 1]}"#, "/x/1/1", "'x' must contain only numbers: /x/1/1 is a string"),
    ])
    func badRequests(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.status == .badRequest)
        #expect(problem?.detail == detail)
        #expect(problem?.errors.map(\.pointer) == (pointer.isEmpty ? [] : [pointer]))
    }

    @Test(arguments: [
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 0}"#, "/epochs", "'epochs' must be between 1 and 10000000 (max-epochs), got 0"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 1e30}"#, "/epochs", "'epochs' must be between 1 and 10000000 (max-epochs), got 1e+30"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 10000001}"#,
         "/epochs", "'epochs' must be between 1 and 10000000 (max-epochs), got 10000001"),
        (#"{"generate": {"samples": 4, "features": 2}, "learning_rate": 0}"#,
         "/learning_rate", "'learning_rate' must be a finite number greater than 0, got 0.0"),
        (#"{"generate": {"samples": 4, "features": 2}, "learning_rate": -0.1}"#,
         "/learning_rate", "'learning_rate' must be a finite number greater than 0, got -0.1"),
        (#"{"generate": {"samples": 4, "features": 2}, "learning_rate": 1e999}"#,
         "/learning_rate", "'learning_rate' must be a finite number greater than 0, got Infinity"),
        (#"{"generate": {"samples": 4, "features": 2}, "seed": -1}"#, "/seed", "Seed must be between 0 and 2**32 - 1"),
        (#"{"generate": {"samples": 4, "features": 2}, "seed": 4294967296}"#, "/seed", "Seed must be between 0 and 2**32 - 1"),
        (#"{"generate": {"samples": 4, "features": 2}, "seed": 99999999999999999999999}"#, "/seed", "Seed must be between 0 and 2**32 - 1"),
        (#"{"generate": {"samples": 4, "features": 2}, "snapshot_every": -1}"#,
         "/snapshot_every", "'snapshot_every' must be 0 (no history) or more, got -1"),
        (#"{"generate": {"samples": 4, "features": 2}, "epochs": 100010, "snapshot_every": 10}"#, "/snapshot_every",
         "100010 epochs with 'snapshot_every' 10 record 10001 snapshots, more than the limit of 10000 (max-snapshots)"),
        (#"{"generate": {"samples": 4, "features": 2}, "name": ""}"#,
         "/name", "'name' must be 1 to 64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit"),
        (#"{"generate": {"samples": 4, "features": 2}, "name": "a/b"}"#,
         "/name", "'name' must be 1 to 64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit"),
        (#"{"generate": {"samples": 4, "features": 2}, "name": ".."}"#,
         "/name", "'name' must be 1 to 64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit"),
        (#"{"generate": {"samples": 4, "features": 2}, "name": "mdl_1"}"#, "/name", "'name' must not start with 'mdl_' or 'job_' (those are ids)"),
        (#"{"generate": {"samples": 4, "features": 2}, "precision": "quick"}"#, "/precision", "'precision' must be 'exact' or 'fast', got 'quick'"),
        (#"{"generate": {"samples": 4, "features": 2}, "precision": "FAST"}"#, "/precision", "'precision' must be 'exact' or 'fast', got 'FAST'"),
        (#"{"generate": {"samples": 0, "features": 2}}"#, "/generate/samples", "'samples' in 'generate' must be at least 1, got 0"),
        (#"{"generate": {"samples": 4, "features": -2}}"#, "/generate/features", "'features' in 'generate' must be at least 1, got -2"),
        (#"{"x": [1, 2], "y": [0, 1]}"#, "/x", "'x' must be a 2-D array (samples × features), got shape [2]"),
        (#"{"x": [[[1]]], "y": [0]}"#, "/x", "'x' must be a 2-D array (samples × features), got shape [1, 1, 1]"),
        (#"{"x": [[], []], "y": [0, 1]}"#, "/x", "'x' must have at least one sample and one feature, got shape [2, 0]"),
        (#"{"x": [[1], [2]], "y": [0, 1, 1]}"#, "/y", "'y' must have shape [2] or [2, 1] to match 'x', got [3]"),
        (#"{"x": [[1], [2]], "y": [[0, 1]]}"#, "/y", "'y' must have shape [2] or [2, 1] to match 'x', got [1, 2]"),
        (#"{"x": [[1], [2], [3], [4]], "y": [0, 1, 1, 1.5]}"#, "/y/3", "labels in 'y' must be between 0 and 1: /y/3 is 1.5"),
        (#"{"x": [[1], [2], [3], [4]], "y": [[0], [1], [-0.5], [1]]}"#, "/y/2/0", "labels in 'y' must be between 0 and 1: /y/2/0 is -0.5"),
        (#"{"x": [[1, 2], [3, 4]], "y": [0, "NaN"]}"#, "/y/1", "'y' must not contain non-finite values: /y/1 is NaN"),
        (#"{"x": [[1, 2], [3, 1e400]], "y": [0, 1]}"#, "/x/1/1", "'x' must not contain non-finite values: /x/1/1 is Infinity"),
        (#"{"x": [[1, 2], [3]], "y": [0, 1]}"#, "/x/1", "ragged array: /x/1 has 1 elements, expected 2"),
    ])
    func unprocessable(_ text: String, _ pointer: String, _ detail: String) {
        let problem = Self.problem(text)
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.detail == detail)
        #expect(problem?.errors.map(\.pointer) == [pointer])
    }

    @Test func typeErrorsComeBeforeRangeErrors() {
        let problem = Self.problem(#"{"generate": {"samples": 4, "features": 2}, "epochs": 0, "wait": "yes"}"#)
        #expect(problem?.status == .badRequest)
        #expect(problem?.errors.map(\.pointer) == ["/wait"])
    }

    @Test func trainingSetLimitIsCheckedBeforeGenerating() {
        let limits = Limits(maxTrainElements: 100)
        let generated = Self.problem(#"{"generate": {"samples": 1000000000, "features": 1000000000}}"#, limits: limits)
        #expect(generated?.status == .unprocessableContent)
        #expect(generated?.kind == "limit-exceeded")
        #expect(generated?.detail
            == "a training set of 1000000000 × 1000000000 = 1000000000000000000 elements is more than the limit of 100 (max-train-elements)")
        let overflow = Self.problem(#"{"generate": {"samples": 9223372036854775807, "features": 2}}"#, limits: limits)
        #expect(overflow?.detail
            == "a training set of 9223372036854775807 × 2 = too many elements is more than the limit of 100 (max-train-elements)")
        let given = Self.problem(#"{"x": {"shape": [101, 1], "data": []}, "y": [1]}"#, limits: limits)
        #expect(given?.detail == "'x' has 101 elements, more than the limit of 100 (max-train-elements)")
        #expect(Self.problem(#"{"generate": {"samples": 50, "features": 2}}"#, limits: limits) == nil)
    }

    @Test func snapshotLimitUsesTheConfiguredValue() {
        let limits = Limits(maxSnapshots: 5)
        #expect(Self.problem(#"{"generate": {"samples": 1, "features": 1}, "epochs": 60}"#, limits: limits)?.detail
            == "60 epochs with 'snapshot_every' 10 record 6 snapshots, more than the limit of 5 (max-snapshots)")
    }
}
