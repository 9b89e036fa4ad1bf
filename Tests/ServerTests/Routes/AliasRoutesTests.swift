import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import Storage
import Testing

@testable import Server

/// Aliases, `name@alias` references, guarded deletes and paging, on every store.
@Suite struct AliasRoutesTests {
    @Test(arguments: StoreKind.allCases) func aliasesMoveAtomicallyAndResolveEverywhere(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await ModelRoutesTests.train(client, name: "churn", count: 2)
            let v1 = try #require(jobs[0].model_id)
            let v2 = try #require(jobs[1].model_id)

            let created = try await client.send(.put, "/models/churn/aliases/production", json: #"{"version": 1}"#)
            #expect(created.status == .created)
            #expect(try decode(TestAlias.self, from: created.body) == TestAlias(name: "churn", alias: "production", version: 1, model_id: v1))
            let byAlias = try decode(TestModel.self, from: try await client.send(.get, "/models/churn@production").body)
            #expect(byAlias.id == v1 && byAlias.aliases == ["production"])
            let latest = try decode(TestModel.self, from: try await client.send(.get, "/models/churn@latest").body)
            #expect(latest.id == v2 && latest.aliases.isEmpty)

            let predicted = try await client.send(.post, "/predict", json: #"{"model": "churn@production", "x": [0.5, 0.5]}"#)
            #expect(try decode(TestPrediction.self, from: predicted.body).model_id == v1)

            let moved = try await client.send(.put, "/models/churn/aliases/production", json: #"{"version": 2}"#)
            #expect(moved.status == .ok)
            #expect(try decode(TestAlias.self, from: moved.body).model_id == v2)
            let list = try decode(TestModelList.self, from: try await client.send(.get, "/models").body)
            #expect(list.models.map(\.aliases) == [["production"], []])

            #expect(try await client.send(.delete, "/models/churn/aliases/production").status == .noContent)
            try expectProblem(
                try await client.send(.get, "/models/churn@production"), status: .notFound, kind: "not-found")
        }
    }

    @Test(arguments: StoreKind.allCases) func deletingAnAliasedVersionNeedsForce(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await ModelRoutesTests.train(client, name: "churn", count: 1)
            let v1 = try #require(jobs[0].model_id)
            _ = try await client.send(.put, "/models/churn/aliases/production", json: #"{"version": 1}"#)
            let refused = try expectProblem(try await client.send(.delete, "/models/\(v1)"), status: .conflict, kind: "conflict")
            #expect(refused.detail.contains("production"))
            #expect(try await client.send(.get, "/models/\(v1)").status == .ok)
            #expect(try await client.send(.delete, "/models/\(v1)?force=true").status == .noContent)
            try expectProblem(try await client.send(.get, "/models/churn@production"), status: .notFound, kind: "not-found")
            try expectProblem(try await client.send(.delete, "/models/\(v1)?force=maybe"), status: .badRequest, kind: "bad-request")
        }
    }

    @Test(arguments: StoreKind.allCases) func badAliasRequestsAreClearAndChangeNothing(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            _ = try await ModelRoutesTests.train(client, name: "churn", count: 1)
            let missing = try expectProblem(
                try await client.send(.put, "/models/churn/aliases/prod", json: #"{"version": 9}"#), status: .notFound, kind: "not-found")
            #expect(missing.detail == "no model named churn with version 9")
            try expectProblem(
                try await client.send(.put, "/models/nobody/aliases/prod", json: #"{"version": 1}"#), status: .notFound, kind: "not-found")
            try expectProblem(
                try await client.send(.put, "/models/churn/aliases/Prod!", json: #"{"version": 1}"#),
                status: .unprocessableContent, kind: "invalid-alias")
            try expectProblem(
                try await client.send(.put, "/models/churn/aliases/latest", json: #"{"version": 1}"#),
                status: .unprocessableContent, kind: "invalid-alias")
            try expectProblem(
                try await client.send(.put, "/models/churn/aliases/prod", json: #"{"version": 0}"#),
                status: .unprocessableContent, kind: "invalid-value")
            try expectProblem(
                try await client.send(.put, "/models/churn/aliases/prod", json: #"{"versoin": 1}"#), status: .badRequest, kind: "bad-request")
            try expectProblem(try await client.send(.delete, "/models/churn/aliases/prod"), status: .notFound, kind: "not-found")
            try expectProblem(try await client.send(.get, "/models/churn@nope"), status: .notFound, kind: "not-found")
            let withVersion = try expectProblem(
                try await client.send(.get, "/models/churn@prod?version=1"), status: .badRequest, kind: "bad-request")
            #expect(withVersion.detail.contains("a version goes with a model name only"))
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/churn").body)
            #expect(model.aliases.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func listsPageWithACursor(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let jobs = try await ModelRoutesTests.train(client, name: "p", count: 5)
            let ids = jobs.compactMap(\.model_id)
            let first = try decode(TestModelList.self, from: try await client.send(.get, "/models?limit=2").body)
            #expect(first.models.map(\.id) == [ids[4], ids[3]])
            let cursor = try #require(first.next)
            let second = try decode(TestModelList.self, from: try await client.send(.get, "/models?limit=2&cursor=\(cursor)").body)
            #expect(second.models.map(\.id) == [ids[2], ids[1]])
            let third = try decode(TestModelList.self, from: try await client.send(.get, "/models?limit=2&cursor=\(try #require(second.next))").body)
            #expect(third.models.map(\.id) == [ids[0]] && third.next == nil)
            let jobPage = try decode(TestJobList.self, from: try await client.send(.get, "/jobs?limit=3").body)
            #expect(jobPage.jobs.map(\.id) == jobs.reversed().prefix(3).map(\.id) && jobPage.next != nil)
            try expectProblem(try await client.send(.get, "/models?limit=0"), status: .badRequest, kind: "bad-request")
            try expectProblem(try await client.send(.get, "/jobs?cursor=abc"), status: .badRequest, kind: "bad-request")
        }
    }
}
