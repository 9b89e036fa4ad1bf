import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// The server over a real localhost TCP port.
@Suite struct LiveServerTests {
    /// Runs the app on a free port and hands a URLSession client for it to `body`.
    static func withLiveServer(_ configuration: ServerConfiguration, _ body: @Sendable (HTTPClient) async throws -> Void) async throws {
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(HTTPClient(port: port))
        }
    }

    @Test func trainAsyncPollThenPredict() async throws {
        try await Self.withLiveServer(testConfiguration()) { client in
            let submitted = try await client.send("POST", "/train", json: #"{"generate": {"samples": 64, "features": 2}, "seed": 42, "epochs": 100, "name": "live"}"#)
            #expect(submitted.status == 202)
            let job = try submitted.decode(TestJob.self)
            #expect(submitted.header("Location") == "/jobs/\(job.id)")
            let finished = try await client.waitForJob(job.id)
            #expect(finished.status == "succeeded")
            let prediction = try await client.send("POST", "/predict", json: #"{"model": "live", "x": [[0.5, 0.1], [1.0, 2.0]]}"#)
            #expect(prediction.status == 200)
            let body = try prediction.decode(TestPrediction.self)
            #expect(body.model_id == finished.model_id)
            #expect(body.probabilities.count == 2)
            #expect(body.probabilities.allSatisfy { $0 > 0 && $0 < 1 })
        }
    }

    @Test func eightJobsOnTwoWorkersWhilePredictionsKeepSucceeding() async throws {
        try await Self.withLiveServer(testConfiguration(workers: 2)) { client in
            let seed = try await client.send("POST", "/train", json: #"{"generate": {"samples": 16, "features": 2}, "epochs": 10, "seed": 1, "name": "ready", "wait": true}"#)
            #expect(seed.status == 201)
            let body = #"{"generate": {"samples": 2000, "features": 8}, "epochs": 3000, "snapshot_every": 100}"#
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.send("POST", "/train", json: body).decode(TestJob.self).id }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(ids.count == 8)
            var predictions = 0
            var sawTwoRunning = false
            while true {
                let health = try await client.send("GET", "/health").decode(TestHealth.self)
                #expect(health.jobs.running <= 2)
                if health.jobs.running == 2 { sawTwoRunning = true }
                let answer = try await client.send("POST", "/predict", json: #"{"model": "ready", "x": [0.3, 0.7]}"#)
                #expect(answer.status == 200)
                predictions += 1
                if health.jobs.running == 0 && health.jobs.queued == 0 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(sawTwoRunning)
            #expect(predictions > 8)
            for id in ids { #expect(try await client.waitForJob(id).status == "succeeded") }
        }
    }

    @Test func cancelARunningJob() async throws {
        try await Self.withLiveServer(testConfiguration(workers: 1)) { client in
            let job = try await client.send("POST", "/train", json: #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 10000}"#).decode(TestJob.self)
            try await Task.sleep(for: .milliseconds(50))
            let cancel = try await client.send("DELETE", "/jobs/\(job.id)")
            #expect(cancel.status == 202)
            let finished = try await client.waitForJob(job.id)
            #expect(finished.status == "cancelled")
            #expect(try await client.send("DELETE", "/jobs/\(job.id)").status == 409)
        }
    }

    @Test func fullQueueIs429() async throws {
        try await Self.withLiveServer(testConfiguration(workers: 1, maxQueuedJobs: 2)) { client in
            let long = #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#
            var statuses: [Int] = []
            var answers: [HTTPClient.Answer] = []
            for _ in 0..<4 {
                let answer = try await client.send("POST", "/train", json: long)
                statuses.append(answer.status)
                answers.append(answer)
            }
            #expect(statuses == [202, 202, 202, 429])
            #expect(answers[3].header("Retry-After") == "5")
            #expect(answers[3].header("Content-Type") == "application/problem+json")
            for answer in answers.prefix(3) {
                _ = try await client.send("DELETE", "/jobs/\(try answer.decode(TestJob.self).id)")
            }
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await Self.withLiveServer(testConfiguration(limits: Limits(maxBodyBytes: 1024))) { client in
            let big = Data(("{\"shapes\": [" + Array(repeating: "[1]", count: 2000).joined(separator: ",") + "]}").utf8)
            let answer = try await client.send("POST", "/broadcast", body: big)
            #expect(answer.status == 413)
            let problem = try answer.decode(ProblemBody.self)
            #expect(problem.type == "/problems/payload-too-large")
            #expect(problem.detail == "request body is larger than the limit of 1024 bytes (max-body-bytes)")
            #expect(try await client.send("GET", "/health").status == 200)
        }
    }
}
