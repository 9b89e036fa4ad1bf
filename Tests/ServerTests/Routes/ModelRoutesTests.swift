import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct ModelRoutesTests {
    /// Trains `count` versions of `name` and returns their jobs.
    static func train(_ client: some TestClientProtocol, name: String, count: Int) async throws -> [TestJob] {
        var jobs: [TestJob] = []
        for seed in 1...count {
            let body = #"{"generate": {"samples": 8, "features": 2}, "epochs": 5, "seed": \#(seed), "name": "\#(name)", "wait": true}"#
            jobs.append(try decode(TestJob.self, from: try await client.send(.post, "/train", json: body).body))
        }
        return jobs
    }

    @Test(arguments: StoreKind.allCases) func emptyRegistryListsNothing(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let response = try await client.send(.get, "/models")
            #expect(response.status == .ok)
            #expect(try decode(TestModelList.self, from: response.body).models.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func listIsNewestFirstWithoutWeights(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await Self.train(client, name: "churn", count: 2)
            let list = try decode(TestModelList.self, from: try await client.send(.get, "/models").body)
            #expect(list.models.map(\.id) == jobs.reversed().compactMap(\.model_id))
            #expect(list.models.map(\.version) == [2, 1])
            #expect(list.models.allSatisfy { $0.w == nil && $0.b == nil })
            #expect(list.models.allSatisfy { $0.features == 2 && $0.params.samples == 8 })
        }
    }

    @Test(arguments: StoreKind.allCases) func refIsAnIdOrANameWithOptionalVersion(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await Self.train(client, name: "churn", count: 2)
            let first = try #require(jobs[0].model_id)
            let second = try #require(jobs[1].model_id)
            let byID = try decode(TestModel.self, from: try await client.send(.get, "/models/\(first)").body)
            #expect(byID.id == first && byID.version == 1 && byID.w?.count == 2 && byID.b != nil)
            let newest = try decode(TestModel.self, from: try await client.send(.get, "/models/churn").body)
            #expect(newest.id == second && newest.version == 2)
            let versionOne = try decode(TestModel.self, from: try await client.send(.get, "/models/churn?version=1").body)
            #expect(versionOne.id == first)
            let problem = try expectProblem(try await client.send(.get, "/models/churn?version=3"), status: .notFound, kind: "not-found")
            #expect(problem.detail == "no model named churn with version 3")
            try expectProblem(try await client.send(.get, "/models/churn?version=zero"), status: .badRequest, kind: "bad-request")
            try expectProblem(try await client.send(.get, "/models/churn?version=0"), status: .badRequest, kind: "bad-request")
        }
    }

    @Test(arguments: StoreKind.allCases) func deleteRemovesAndTheNextVersionIsNotReused(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await Self.train(client, name: "churn", count: 2)
            let response = try await client.send(.delete, "/models/churn")
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            let remaining = try decode(TestModel.self, from: try await client.send(.get, "/models/churn").body)
            #expect(remaining.id == jobs[0].model_id)
            try expectProblem(try await client.send(.get, "/models/\(try #require(jobs[1].model_id))"), status: .notFound, kind: "not-found")
            let again = try await Self.train(client, name: "churn", count: 1)
            let third = try decode(TestModel.self, from: try await client.send(.get, "/models/\(try #require(again[0].model_id))").body)
            #expect(third.version == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownModelIs404(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let problem = try expectProblem(try await client.send(.get, "/models/nope"), status: .notFound, kind: "not-found")
            #expect(problem.detail == "no model named nope")
            let byID = try expectProblem(try await client.send(.delete, "/models/mdl_0000000000000000"), status: .notFound, kind: "not-found")
            #expect(byID.detail == "no model with id mdl_0000000000000000")
        }
    }
}
