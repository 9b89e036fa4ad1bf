import Engine
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// `"precision"` on `POST /train` and `--default-precision`: the job trains with the kernel asked for, says so in its
/// params and its model's, keeps it in the store, and a value that is not `exact` or `fast` is a 422 at `/precision`.
@Suite struct TrainingPrecisionTests {
    static func notebook(_ precision: String?) -> String {
        let member = precision.map { #", "precision": "\#($0)""# } ?? ""
        return #"{"generate": {"samples": 64, "features": 2}, "seed": 42, "epochs": 100, "learning_rate": 0.01, "snapshot_every": 10, "wait": true\#(member)}"#
    }

    @Test(arguments: StoreKind.allCases) func aFastJobSaysSoAndLandsWithin1e12OfExact(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        let exact = try EngineReference.generatedRun(seed: 42, samples: 64, features: 2, epochs: 100, learningRate: 0.01, snapshotEvery: 10)
        let fast = try EngineReference.generatedRun(
            seed: 42, samples: 64, features: 2, epochs: 100, learningRate: 0.01, snapshotEvery: 10, precision: .fast)
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: Self.notebook("fast"))
            #expect(response.status == .created)
            let job = try decode(TestJob.self, from: response.body)
            #expect(job.status == "succeeded")
            #expect(job.params == TestParams(epochs: 100, learning_rate: 0.01, seed: 42, snapshot_every: 10, samples: 64, features: 2, precision: "fast"))
            let loss = try #require(job.loss)
            #expect(loss == fast.result.lastEpochLoss)
            #expect(abs(loss - exact.result.lastEpochLoss) <= 1e-12 * exact.result.lastEpochLoss)
            let listed = try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body)
            #expect(listed.jobs.map(\.params.precision) == ["fast"])
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/\(try #require(job.model_id))").body)
            #expect(model.params.precision == "fast")
            #expect(model.w == fast.result.model.weights)
        }
    }

    /// Without a `precision` the job trains exactly (NumPy's bits), unless `--default-precision fast`; a request's own
    /// `precision` always wins.
    @Test func theServerDefaultAppliesWhenTheRequestNamesNone() async throws {
        let exact = try EngineReference.generatedRun(seed: 42, samples: 64, features: 2, epochs: 100, learningRate: 0.01, snapshotEvery: 10)
        let fast = try EngineReference.generatedRun(
            seed: 42, samples: 64, features: 2, epochs: 100, learningRate: 0.01, snapshotEvery: 10, precision: .fast)
        for (defaultPrecision, asked, expected) in [
            (Precision.exact, nil, Precision.exact), (.fast, nil, .fast), (.fast, "exact", .exact), (.exact, "fast", .fast),
        ] as [(Precision, String?, Precision)] {
            var configuration = testConfiguration()
            configuration.defaultPrecision = defaultPrecision
            let app = try await buildApplication(configuration: configuration)
            try await app.test(.router) { client in
                let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: Self.notebook(asked)).body)
                #expect(job.params.precision == expected.rawValue, "default \(defaultPrecision), asked \(asked ?? "nothing")")
                #expect(job.loss == (expected == .exact ? exact : fast).result.lastEpochLoss)
            }
        }
    }

    @Test(arguments: [
        (#""quick""#, HTTPResponse.Status.unprocessableContent, "invalid-value", "'precision' must be 'exact' or 'fast', got 'quick'"),
        (#""Exact""#, .unprocessableContent, "invalid-value", "'precision' must be 'exact' or 'fast', got 'Exact'"),
        (#""""#, .unprocessableContent, "invalid-value", "'precision' must be 'exact' or 'fast', got ''"),
        ("1", .badRequest, "bad-request", "'precision' must be a string, found a number"),
    ])
    func aBadPrecisionPointsAtIt(value: String, status: HTTPResponse.Status, kind: String, detail: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let body = #"{"generate": {"samples": 8, "features": 2}, "precision": \#(value)}"#
            let problem = try expectProblem(try await client.send(.post, "/train", json: body), status: status, kind: kind)
            #expect(problem.detail == detail)
            #expect(problem.errors?.first?.pointer == "/precision")
            #expect(try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body).jobs.isEmpty)
        }
    }
}
