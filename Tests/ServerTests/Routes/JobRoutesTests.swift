import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct JobRoutesTests {
    static func small(seed: Int, wait: Bool = true) -> String {
        #"{"generate": {"samples": 8, "features": 2}, "epochs": 20, "seed": \#(seed), "wait": \#(wait)}"#
    }

    @Test(arguments: StoreKind.allCases) func listIsNewestFirstWithoutHistoryAndFilters(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, workers: 1))
        try await app.test(.router) { client in
            var ids: [String] = []
            for seed in 1...3 {
                ids.append(try decode(TestJob.self, from: try await client.send(.post, "/train", json: Self.small(seed: seed)).body).id)
            }
            let list = try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body)
            #expect(list.jobs.map(\.id) == ids.reversed())
            #expect(list.jobs.allSatisfy { $0.history == nil })
            let succeeded = try decode(TestJobList.self, from: try await client.send(.get, "/jobs?status=succeeded").body)
            #expect(succeeded.jobs.count == 3)
            let queued = try decode(TestJobList.self, from: try await client.send(.get, "/jobs?status=queued").body)
            #expect(queued.jobs.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownStatusFilterIs400(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let problem = try expectProblem(try await client.send(.get, "/jobs?status=done"), status: .badRequest, kind: "bad-request")
            #expect(problem.detail == "unknown status 'done'; expected one of queued, running, succeeded, failed, cancelled")
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownJobIs404(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let problem = try expectProblem(try await client.send(.get, "/jobs/job_nope"), status: .notFound, kind: "not-found")
            #expect(problem.detail == "no job with id job_nope")
            try expectProblem(try await client.send(.delete, "/jobs/job_nope"), status: .notFound, kind: "not-found")
        }
    }

    @Test(arguments: StoreKind.allCases) func getShowsTheHistory(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: Self.small(seed: 3)).body)
            let fetched = try decode(TestJob.self, from: try await client.send(.get, "/jobs/\(job.id)").body)
            #expect(fetched.history == job.history)
            #expect(fetched.history?.map(\.epoch) == [10, 20])
            #expect(fetched.status == "succeeded")
        }
    }

    @Test(arguments: StoreKind.allCases) func cancellingARunningJobIs202ThenItStops(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, workers: 1))
        try await app.test(.router) { client in
            let body = #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 1000}"#
            let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: body).body)
            let response = try await client.send(.delete, "/jobs/\(job.id)")
            #expect(response.status == .accepted)
            let cancelling = try decode(TestJob.self, from: response.body)
            #expect(cancelling.id == job.id)
            let finished = try await client.waitForJob(job.id)
            #expect(finished.status == "cancelled")
            #expect(finished.model_id == nil)
            #expect(finished.epoch < 10_000_000)
            let models = try decode(TestModelList.self, from: try await client.send(.get, "/models").body)
            #expect(models.models.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func cancellingAQueuedJobCancelsItAtOnce(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, workers: 1))
        try await app.test(.router) { client in
            let long = #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#
            let running = try decode(TestJob.self, from: try await client.send(.post, "/train", json: long).body)
            let queued = try decode(TestJob.self, from: try await client.send(.post, "/train", json: long).body)
            let response = try await client.send(.delete, "/jobs/\(queued.id)")
            #expect(response.status == .accepted)
            let cancelled = try decode(TestJob.self, from: response.body)
            #expect(cancelled.status == "cancelled")
            #expect(cancelled.started_at == nil)
            #expect(cancelled.finished_at != nil)
            _ = try await client.send(.delete, "/jobs/\(running.id)")
            #expect(try await client.waitForJob(running.id).status == "cancelled")
        }
    }

    @Test(arguments: StoreKind.allCases) func cancellingAFinishedJobIs409(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: Self.small(seed: 4)).body)
            let problem = try expectProblem(try await client.send(.delete, "/jobs/\(job.id)"), status: .conflict, kind: "conflict")
            #expect(problem.detail == "job \(job.id) has already finished (succeeded)")
        }
    }

    @Test(arguments: StoreKind.allCases) func oldestFinishedJobsAreForgottenButTheirModelsStay(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, maxFinishedJobs: 2))
        try await app.test(.router) { client in
            var jobs: [TestJob] = []
            for seed in 1...3 {
                jobs.append(try decode(TestJob.self, from: try await client.send(.post, "/train", json: Self.small(seed: seed)).body))
            }
            let list = try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body)
            #expect(list.jobs.map(\.id) == [jobs[2].id, jobs[1].id])
            try expectProblem(try await client.send(.get, "/jobs/\(jobs[0].id)"), status: .notFound, kind: "not-found")
            let modelID = try #require(jobs[0].model_id)
            #expect(try await client.send(.get, "/models/\(modelID)").status == .ok)
        }
    }
}
