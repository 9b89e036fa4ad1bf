import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// A job with options is cancelled like any job, and V2 `infer` serves a softmax model through `/predict`'s path.
@Suite struct ModelServingTests {
    @Test(arguments: [StoreKind.memory, .sqlite]) func cancellingARunningModelJobStopsItWithoutAModel(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, workers: 1))
        try await app.test(.router) { client in
            let body =
                #"{\#(ModelFixtures.twoClustersMembers), "optimizer": {"name": "adam", "batch_size": 8}, "validation": {"fraction": 0.25}, "#
                + #""epochs": 10000000, "snapshot_every": 1000}"#
            let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: body).body)
            #expect(try await client.send(.delete, "/jobs/\(job.id)").status == .accepted)
            let finished = try await client.waitForJob(job.id)
            #expect(finished.status == "cancelled" && finished.model_id == nil && finished.epoch < 10_000_000)
            let models = try ModelJSON(try await client.send(.get, "/models").body)
            #expect(models.members("models")?.isEmpty == true)
        }
    }

    @Test func v2InferAnswersASoftmaxModelsRowsOfKAndArgmaxLabels() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            #expect(try await client.send(.post, "/train", json: ModelTrainingRoutesTests.softmax).status == .created)
            let metadata = try ModelJSON(try await client.send(.get, "/v2/models/clusters").body)
            let outputs = try #require(metadata.members("outputs"))
            #expect(outputs.first { $0.string("name") == "probabilities" }?.ints("shape") == [-1, 3])
            #expect(metadata.members("inputs")?.first?.ints("shape") == [-1, 2])

            let infer = #"{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP64", "data": [0.1, 0.1, 4.1, 0.1]}]}"#
            let answer = try await client.send(.post, "/v2/models/clusters/infer", json: infer)
            #expect(answer.status == .ok)
            let body = try ModelJSON(answer.body)
            let results = try #require(body.members("outputs"))
            let probabilities = try #require(results.first { $0.string("name") == "probabilities" })
            #expect(probabilities.ints("shape") == [2, 3])
            let values = try #require(probabilities.doubles("data"))
            #expect(values.count == 6 && abs(values[0..<3].reduce(0, +) - 1) < 1e-12 && abs(values[3..<6].reduce(0, +) - 1) < 1e-12)
            let predict = try ModelJSON(try await client.send(.post, "/predict", json: #"{"model": "clusters", "x": [[0.1, 0.1], [4.1, 0.1]]}"#).body)
            #expect(predict.rows("probabilities")?.flatMap { $0 } == values)
            #expect(results.first { $0.string("name") == "labels" }?.ints("data") == [0, 1])

            let withThreshold =
                #"{"inputs": [{"name": "x", "shape": [1, 2], "datatype": "FP64", "data": [0, 0]}], "parameters": {"threshold": 0.3}}"#
            // The Open Inference Protocol's 422 is a 400 with `{"error": …}`.
            let refused = try await client.send(.post, "/v2/models/clusters/infer", json: withThreshold)
            #expect(refused.status == .badRequest)
            #expect(try ModelJSON(refused.body).string("error")?.contains("'threshold' is for logistic models") == true)
        }
    }
}
