import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server
@testable import Storage

/// A store that refuses writes (a full disk): 507, nothing changed, reads go on, and a job whose end cannot be
/// saved stays running until it can.
@Suite struct StorageFaultTests {
    @Test func aFullDiskIs507AndReadsGoOn() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        let parts = try await makeApplication(configuration: testConfiguration(store: .sqlite), store: store)
        try await parts.application.test(.router) { client in
            let jobs = try await ModelRoutesTests.train(client, name: "kept", count: 1)
            let kept = try #require(jobs[0].model_id)
            try store.limitPages(toCurrentPlus: 0)
            // Given data is kept as a blob until the job ends: 500 × 40 numbers need pages the database may not grow.
            let rows = (0..<500).map { row in "[" + (0..<40).map { "\(Double(row * 40 + $0) / 20000)" }.joined(separator: ",") + "]" }
            let labels = (0..<500).map { "\($0 % 2)" }
            let body = #"{"x": [\#(rows.joined(separator: ","))], "y": [\#(labels.joined(separator: ","))], "name": "more"}"#
            let refused = try await client.send(.post, "/train", json: body)
            let problem = try expectProblem(refused, status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), kind: "insufficient-storage")
            #expect(problem.detail.contains("nothing was changed"))
            #expect(try await client.send(.get, "/models/\(kept)").status == .ok)
            let prediction = try await client.send(.post, "/predict", json: #"{"model": "kept", "x": [1, 2]}"#)
            #expect(prediction.status == .ok)
            #expect(try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body).jobs.count == 1)
        }
    }

    @Test func aJobWhoseEndCannotBeSavedIs507ThenSucceedsWhenSpaceFreesUp() async throws {
        let store = try SQLiteStore(directory: temporaryDirectory())
        let parts = try await makeApplication(configuration: testConfiguration(store: .sqlite), store: store)
        try await parts.application.test(.router) { client in
            try store.limitPages(toCurrentPlus: 2)
            // The job's row fits; its 40 snapshots of 2,000 weights (640 KB) at the end do not.
            let body = #"{"generate": {"samples": 4, "features": 2000}, "epochs": 40, "snapshot_every": 1, "seed": 9, "name": "big", "wait": true}"#
            let refused = try await client.send(.post, "/train", json: body)
            let problem = try expectProblem(
                refused, status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), kind: "insufficient-storage")
            #expect(problem.detail.contains("finished training but its end could not be saved"))
            let location = try #require(refused.headers[.location])
            let running = try decode(TestJob.self, from: try await client.send(.get, location).body)
            #expect(running.status == "running" && running.model_id == nil)
            try expectProblem(try await client.send(.get, "/models/big"), status: .notFound, kind: "not-found")

            try store.limitPages(toCurrentPlus: 100_000)
            let finished = try await client.waitForJob(running.id)
            #expect(finished.status == "succeeded" && finished.history?.count == 40)
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/big").body)
            #expect(model.id == finished.model_id && model.version == 1)
        }
    }
}
