import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct PredictRoutesTests {
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    @Test(arguments: StoreKind.allCases) func predictsRowsAndOneRowByNameOrId(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await ModelRoutesTests.train(client, name: "churn", count: 2)
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/churn").body)
            let w = try #require(model.w)
            let b = try #require(model.b)
            let rows = [[0.5, 0.1], [1.0, 2.0], [-3.0, -4.0]]
            let response = try await client.send(.post, "/predict", json: #"{"model": "churn", "x": [[0.5, 0.1], [1.0, 2.0], [-3.0, -4.0]], "threshold": 0.5}"#)
            #expect(response.status == .ok)
            let prediction = try decode(TestPrediction.self, from: response.body)
            #expect(prediction.model_id == jobs[1].model_id)
            #expect(prediction.name == "churn")
            #expect(prediction.version == 2)
            let expected = rows.map { Self.sigmoid($0[0] * w[0] + $0[1] * w[1] + b) }
            #expect(zip(prediction.probabilities, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
            #expect(prediction.labels == expected.map { $0 >= 0.5 ? 1 : 0 })

            let one = try decode(TestPrediction.self, from: try await client.send(.post, "/predict", json: #"{"model": "\#(model.id)", "x": [0.5, 0.1], "threshold": 0.99}"#).body)
            #expect(one.probabilities.count == 1)
            #expect(abs(one.probabilities[0] - expected[0]) <= 1e-12)
            #expect(one.labels == [expected[0] >= 0.99 ? 1 : 0])

            let older = try decode(TestPrediction.self, from: try await client.send(.post, "/predict", json: #"{"model": "churn", "version": 1, "x": [0.5, 0.1]}"#).body)
            #expect(older.version == 1)
            #expect(older.model_id == jobs[0].model_id)
        }
    }

    @Test(arguments: StoreKind.allCases) func wrongWidthIs422NamingTheModel(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            _ = try await ModelRoutesTests.train(client, name: "churn", count: 2)
            let problem = try expectProblem(
                try await client.send(.post, "/predict", json: #"{"model": "churn", "x": [[1, 2, 3]]}"#),
                status: .unprocessableContent, kind: "feature-mismatch"
            )
            #expect(problem.detail == "model churn v2 expects 2 features, got 3")
            #expect(problem.errors == [ProblemBody.Field(pointer: "/x", detail: "model churn v2 expects 2 features, got 3")])
        }
    }

    @Test(arguments: StoreKind.allCases) func overflowingInputIs422NotNaN(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            // Weights well above 1, so 1.7e308 · w overflows to ±infinity and the row's sum is NaN.
            let trained = try await client.send(
                .post, "/train", json: #"{"x": [[0, 0], [1, 1]], "y": [0, 1], "epochs": 500, "learning_rate": 5, "seed": 1, "name": "big", "wait": true}"#
            )
            #expect(trained.status == .created)
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/big").body)
            #expect(model.w?.allSatisfy { $0 > 1.1 } == true)
            let problem = try expectProblem(
                try await client.send(.post, "/predict", json: #"{"model": "big", "x": [[0.5, 0.5], [1.7e308, -1.7e308]]}"#),
                status: .unprocessableContent, kind: "invalid-value"
            )
            #expect(problem.errors?.first?.pointer == "/x/1")
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownModelIs404(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let problem = try expectProblem(
                try await client.send(.post, "/predict", json: #"{"model": "ghost", "x": [1, 2]}"#), status: .notFound, kind: "not-found"
            )
            #expect(problem.detail == "no model named ghost")
        }
    }

    @Test(arguments: StoreKind.allCases) func nonFiniteInputIs422(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            _ = try await ModelRoutesTests.train(client, name: "churn", count: 1)
            let response = try await client.send(.post, "/predict", json: #"{"model": "churn", "x": [1, "NaN"]}"#)
            #expect(response.status == .unprocessableContent)
        }
    }
}
