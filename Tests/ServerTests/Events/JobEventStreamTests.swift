import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// `GET /jobs/{id}/events` over a real loopback socket.
@Suite struct JobEventStreamTests {
    /// Runs the app on a free port; hands the port, a client and the job runner to `body`.
    static func withServer(
        workers: Int = 1, keepAlive: Duration = .seconds(15), _ body: @Sendable (Int, HTTPClient, JobRunner) async throws -> Void
    ) async throws {
        var configuration = testConfiguration(workers: workers)
        configuration.events.keepAlive = keepAlive
        let parts = try await makeApplication(configuration: configuration)
        let runner = parts.runner
        try await parts.application.test(.live) { client in
            let port = try #require(client.port)
            try await body(port, HTTPClient(port: port), runner)
        }
    }

    static let long = #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 2000, "seed": 5}"#

    /// Waits (up to 60 s) until `count` streams have answered 200 with their one event (keep-alive comments aside);
    /// returns how many have.
    static func answered(_ streams: [SSEStream], become count: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        var answered = 0
        while ContinuousClock.now < deadline {
            answered = streams.reduce(0) { $0 + ($1.status == 200 && $1.events.filter { $0.comment == nil }.count == 1 ? 1 : 0) }
            if answered == count { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return answered
    }

    /// Waits (up to 30 s) until the hub counts `count` readers; returns the count then.
    static func readers(of runner: JobRunner, become count: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if runner.events.readerCount == count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return runner.events.readerCount
    }

    static func kept(_ events: [SSEStream.Event]) -> [SSEStream.Event] {
        events.filter { $0.name == "snapshot" || $0.name == "status" }
    }

    @Test func eventsArriveInOrderAndTheStreamClosesAfterTheFinalStatus() async throws {
        try await Self.withServer { port, client, _ in
            let job = try await client.send("POST", "/train", json: #"{"generate": {"samples": 64, "features": 2}, "epochs": 3000, "snapshot_every": 300, "seed": 1}"#).decode(TestJob.self)
            let stream = try await SSEStream.open(port: port, "/jobs/\(job.id)/events?interval_ms=50")
            defer { Task { await stream.close() } }
            #expect(try await stream.waitForEnd())
            #expect(stream.status == 200)
            #expect(stream.head?.lowercased().contains("content-type: text/event-stream") == true)
            let events = stream.events.filter { $0.comment == nil }
            let ids = events.compactMap(\.id)
            #expect(ids.count == events.count)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids increase")
            let snapshots = try events.filter { $0.name == "snapshot" }.map { try #require($0.json()["epoch"] as? Int) }
            #expect(snapshots == Array(stride(from: 300, through: 3000, by: 300)))
            let statuses = try events.filter { $0.name == "status" }.map { try #require($0.json()["status"] as? String) }
            #expect(statuses.suffix(2) == ["running", "succeeded"])
            let finished = try await client.waitForJob(job.id)
            let last = try #require(events.last)
            #expect(last.name == "status")
            #expect(try last.json()["model_id"] as? String == finished.model_id)
            let lastProgress = try #require(events.last { $0.name == "progress" }).json()
            #expect(lastProgress["epoch"] as? Int == 3000)
            #expect(lastProgress["epochs"] as? Int == 3000)
            #expect(lastProgress["progress"] as? Double == 1)
            #expect(abs((lastProgress["loss"] as? Double ?? 0) - (finished.loss ?? 1)) < 1e-12)

            // A finished job replays its history and final status, then closes.
            let replay = try await SSEStream.open(port: port, "/jobs/\(job.id)/events")
            defer { Task { await replay.close() } }
            #expect(try await replay.waitForEnd())
            #expect(Self.kept(replay.events) == Self.kept(events))
            #expect(replay.events.last == events.last)

            // Last-Event-ID resumes right after that id.
            let cut = try #require(replay.events[4].id)
            let resumed = try await SSEStream.open(port: port, "/jobs/\(job.id)/events", lastEventID: String(cut))
            defer { Task { await resumed.close() } }
            #expect(try await resumed.waitForEnd())
            #expect(resumed.events == replay.events.filter { ($0.id ?? 0) > cut })
        }
    }

    @Test func resumingARunningJobLosesAndRepeatsNothing() async throws {
        try await Self.withServer { port, client, _ in
            let job = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            let first = try await SSEStream.open(port: port, "/jobs/\(job.id)/events?interval_ms=50")
            #expect(try await first.waitUntil { $0.filter { $0.name == "snapshot" }.count >= 3 })
            await first.close()
            let seen = first.events.filter { $0.comment == nil }
            let lastID = try #require(seen.last?.id)
            let second = try await SSEStream.open(port: port, "/jobs/\(job.id)/events?interval_ms=50", lastEventID: String(lastID))
            defer { Task { await second.close() } }
            #expect(try await second.waitUntil { $0.filter { $0.name == "snapshot" }.count >= 3 })
            #expect(try await client.send("DELETE", "/jobs/\(job.id)").status == 202)
            #expect(try await second.waitForEnd())
            let all = seen + second.events.filter { $0.comment == nil }
            let ids = all.compactMap(\.id)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count, "no event twice, ids increase across the resume")
            #expect(second.events.first?.id ?? 0 > lastID)

            let replay = try await SSEStream.open(port: port, "/jobs/\(job.id)/events")
            defer { Task { await replay.close() } }
            #expect(try await replay.waitForEnd())
            #expect(Self.kept(all) == Self.kept(replay.events), "every snapshot and status, once")
            #expect(try Self.kept(all).last?.json()["status"] as? String == "cancelled")
        }
    }

    @Test func progressComesAtMostEveryIntervalMilliseconds() async throws {
        try await Self.withServer { port, client, _ in
            let job = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            let slow = try await SSEStream.open(port: port, "/jobs/\(job.id)/events?interval_ms=300")
            let fast = try await SSEStream.open(port: port, "/jobs/\(job.id)/events?interval_ms=50")
            defer { Task { await slow.close(); await fast.close() } }
            // Until the slow stream has sent 5 progress events (a loaded machine may be slower, never faster). Each event
            // counts at the moment it is seen; a busy test process may see two at once.
            var arrivals: [ContinuousClock.Instant] = []
            let end = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < end && arrivals.count < 5 {
                let seen = slow.events.filter { $0.name == "progress" }.count
                for _ in arrivals.count..<max(seen, arrivals.count) { arrivals.append(.now) }
                try await Task.sleep(for: .milliseconds(2))
            }
            let fastEvents = fast.events.filter { $0.name == "progress" }.count
            _ = try await client.send("DELETE", "/jobs/\(job.id)")
            #expect(arrivals.count >= 5, "a running job reports progress")
            // Measured on arrival, so judged on average: one per 300 ms, with 100 ms of slack per event for a busy
            // machine (without the limit they would come every epoch, a few milliseconds apart).
            if let first = arrivals.first, let last = arrivals.last, arrivals.count > 1 {
                let mean = (last - first) / (arrivals.count - 1)
                #expect(mean >= .milliseconds(200), "progress every \(mean) on average")
                #expect(fastEvents > arrivals.count, "interval_ms=50 sends more often (\(fastEvents) vs \(arrivals.count))")
            }
        }
    }

    @Test func aQuietStreamSendsKeepAliveComments() async throws {
        try await Self.withServer(keepAlive: .milliseconds(200)) { port, client, _ in
            let running = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            let queued = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            let stream = try await SSEStream.open(port: port, "/jobs/\(queued.id)/events")
            defer { Task { await stream.close() } }
            #expect(try await stream.waitUntil(timeout: .seconds(10)) { $0.filter { $0.comment == "keep-alive" }.count >= 2 })
            let events = stream.events.filter { $0.comment == nil }
            #expect(events.count == 1)
            #expect(try events.first?.json()["status"] as? String == "queued")
            _ = try await client.send("DELETE", "/jobs/\(queued.id)")
            _ = try await client.send("DELETE", "/jobs/\(running.id)")
            #expect(try await stream.waitForEnd())
            #expect(try stream.events.last?.json()["status"] as? String == "cancelled")
        }
    }

    @Test func badRequestsAreProblemsAtOnce() async throws {
        try await Self.withServer { port, client, _ in
            let unknown = try await client.send("GET", "/jobs/job_nope/events")
            #expect(unknown.status == 404)
            #expect(unknown.header("Content-Type") == "application/problem+json")
            #expect(try unknown.decode(ProblemBody.self).detail == "no job with id job_nope")
            let job = try await client.send("POST", "/train", json: #"{"generate": {"samples": 8, "features": 2}, "epochs": 10, "wait": true}"#).decode(TestJob.self)
            for interval in ["10", "49", "abc", "600001"] {
                let answer = try await client.send("GET", "/jobs/\(job.id)/events?interval_ms=\(interval)")
                #expect(answer.status == 422, "interval_ms=\(interval)")
                #expect(try answer.decode(ProblemBody.self).detail.hasPrefix("interval_ms must be an integer from 50 to 600000"))
            }
            let stream = try await SSEStream.open(port: port, "/jobs/\(job.id)/events", lastEventID: "x1")
            defer { Task { await stream.close() } }
            #expect(try await stream.waitUntil { _ in stream.status != nil })
            #expect(stream.status == 400)
        }
    }

    @Test func aThousandIdleStreamsWhilePredictKeepsAnsweringThenTheyCostNothing() async throws {
        try await Self.withServer { port, client, runner in
            let ready = try await client.send("POST", "/train", json: #"{"generate": {"samples": 16, "features": 2}, "epochs": 10, "name": "ready", "wait": true}"#)
            #expect(ready.status == 201)
            let running = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            let queued = try await client.send("POST", "/train", json: Self.long).decode(TestJob.self)
            var streams: [SSEStream] = []
            for _ in 0..<1000 { streams.append(try await SSEStream.open(port: port, "/jobs/\(queued.id)/events")) }
            let all = streams
            let lastOpened = try await all[999].waitUntil { $0.count == 1 }
            #expect(lastOpened)
            #expect(try await Self.readers(of: runner, become: 1000) == 1000)
            var statuses: [Int: Int] = [:]
            for _ in 0..<200 {
                let answer = try await client.send("POST", "/predict", json: #"{"model": "ready", "x": [0.3, 0.7]}"#)
                statuses[answer.status, default: 0] += 1
            }
            #expect(statuses == [200: 200])
            let answered = try await Self.answered(all, become: 1000)
            #expect(answered == 1000, "every stream got its one event")
            for stream in all { await stream.close() }
            #expect(try await Self.readers(of: runner, become: 0) == 0, "closed streams are released")
            _ = try await client.send("DELETE", "/jobs/\(queued.id)")
            _ = try await client.send("DELETE", "/jobs/\(running.id)")
        }
    }
}
