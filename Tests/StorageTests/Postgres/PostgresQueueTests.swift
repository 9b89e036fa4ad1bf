import Engine
import Foundation
import PostgresNIO
import Testing

@testable import Storage

/// The shared side of the PostgreSQL store: claims, leases, cancels from any replica, the service-wide count, and
/// announcements. Each test has a database of its own; replicas are several stores on it.
@Suite struct PostgresQueueTests {
    static func replicas(_ count: Int, on url: String) async throws -> [PostgresStore] {
        var stores: [PostgresStore] = []
        for index in 0..<count { stores.append(try await PostgresStore.open(url: url, replicaID: "r\(index)", logger: testLogger)) }
        return stores
    }

    static func queue(_ count: Int, in store: any Store) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let job = try await store.addJob(StoreTests.job(String(format: "job_%03d", index)), data: .generate(samples: 3, features: 2))
            ids.append(job.id)
        }
        return ids
    }

    @Test func eightRacingClaimersNeverRunAJobTwice() async throws {
        let url = try await TestDatabase.create()
        let stores = try await Self.replicas(8, on: url)
        defer { for store in stores { store.close() } }
        let ids = try await Self.queue(40, in: stores[0])
        // Each claimer reports the jobs it ran; the per-job run counter is their sum.
        let counted = try await withThrowingTaskGroup(of: [String].self) { group in
            for store in stores {
                group.addTask {
                    var ran: [String] = []
                    while let job = try await store.claimJob(lease: .seconds(30), at: Date()) {
                        ran.append(job.id)
                        var done = job
                        try done.state.apply(.fail(reason: "test", at: Date()))
                        try await store.finishJob(done, snapshots: [])
                    }
                    return ran
                }
            }
            var runs: [String: Int] = [:]
            for try await ran in group { for id in ran { runs[id, default: 0] += 1 } }
            return runs
        }
        #expect(counted.count == ids.count)
        #expect(counted.values.allSatisfy { $0 == 1 })
        #expect(try await stores[0].queuedJobCount() == 0)
    }

    @Test func claimsGoOldestFirstAndAnExpiredLeaseIsResumedFromItsCheckpoint() async throws {
        let url = try await TestDatabase.create()
        let stores = try await Self.replicas(2, on: url)
        defer { for store in stores { store.close() } }
        let (a, b) = (stores[0], stores[1])
        _ = try await Self.queue(2, in: a)
        // A lease long enough that a busy machine does not let it expire before B's claims below.
        let first = try #require(try await a.claimJob(lease: .seconds(8), at: Date()))
        #expect(first.id == "job_000")
        #expect(first.state.status == .running)
        let checkpoint = TrainingCheckpoint(epoch: 4, model: LogisticModel(weights: [-0.0, 1e-300], bias: 0.25), loss: 0.5)
        var progressed = first
        try progressed.state.apply(.progress(epoch: 4, loss: 0.5))
        try await a.saveCheckpoint(checkpoint, snapshots: [], of: progressed)
        // B takes the next one, not A's (its lease holds).
        let second = try #require(try await b.claimJob(lease: .seconds(30), at: Date()))
        #expect(second.id == "job_001")
        #expect(try await b.claimJob(lease: .seconds(30), at: Date()) == nil)
        // A goes silent: once the lease expired, B resumes the job at its checkpoint.
        try await Task.sleep(for: .milliseconds(8500))
        let resumed = try #require(try await b.claimJob(lease: .seconds(30), at: Date()))
        #expect(resumed.id == "job_000")
        #expect(resumed.state.resumes == 1 && resumed.state.resumedFrom == 4 && resumed.state.epoch == 4)
        let point = try #require(try await b.resumePoint(ofJob: "job_000"))
        #expect(point.checkpoint?.model.weights.map(\.bitPattern) == checkpoint.model.weights.map(\.bitPattern))
        // A's lease is gone: renewing says so.
        #expect(try await a.renewLease(ofJob: "job_000", lease: .seconds(30)) == .lost)
        #expect(try await b.renewLease(ofJob: "job_000", lease: .seconds(30)) == .held(cancelRequested: false))
        // A's late writes are refused: the job's checkpoints and its end are B's now.
        await #expect(throws: StoreError.runTakenOver(jobID: "job_000")) {
            try await a.saveCheckpoint(checkpoint, snapshots: [], of: progressed)
        }
        var lateEnd = progressed
        try lateEnd.state.apply(.fail(reason: "late", at: Date()))
        await #expect(throws: StoreError.runTakenOver(jobID: "job_000")) { try await a.finishJob(lateEnd, snapshots: []) }
        let stored = try #require(try await b.load().jobs.first { $0.id == "job_000" })
        #expect(stored.state.status == .running && stored.state.resumes == 1)
    }

    @Test func aCancelOnAnyReplicaReachesTheRunningOneAndEndsAQueuedOne() async throws {
        let url = try await TestDatabase.create()
        let stores = try await Self.replicas(2, on: url)
        defer { for store in stores { store.close() } }
        let (a, c) = (stores[0], stores[1])
        _ = try await Self.queue(2, in: a)
        let running = try #require(try await a.claimJob(lease: .seconds(30), at: Date()))
        guard case .requested(let flagged) = try await c.requestCancel(ofJob: running.id, at: Date()) else {
            Issue.record("cancel not requested")
            return
        }
        #expect(flagged.state.status == .running && flagged.state.cancelRequested)
        #expect(try await a.renewLease(ofJob: running.id, lease: .seconds(30)) == .held(cancelRequested: true))
        // A checkpoint written with A's older state keeps the flag.
        try await a.updateJob(running)
        #expect(try await a.renewLease(ofJob: running.id, lease: .seconds(30)) == .held(cancelRequested: true))
        // A run that finished before A saw the flag cannot succeed: it ends cancelled, without its model.
        var succeeded = running
        try succeeded.state.apply(.succeed(modelID: "mdl_late", loss: 0.1, at: Date()))
        await #expect(throws: StoreError.cancelRequested(jobID: running.id)) {
            _ = try await a.completeJob(succeeded, snapshots: [], model: StoreTests.model("mdl_late"))
        }
        var stopped = running
        try stopped.state.apply(.requestCancel(at: Date()))
        try stopped.state.apply(.succeed(modelID: "mdl_late", loss: 0.1, at: Date()))
        try await a.finishJob(stopped, snapshots: [])
        let ended = try await a.load()
        #expect(ended.jobs.first { $0.id == running.id }?.state.status == .cancelled && ended.models.isEmpty)
        guard case .requested(let cancelled) = try await c.requestCancel(ofJob: "job_001", at: Date()) else {
            Issue.record("cancel not requested")
            return
        }
        #expect(cancelled.state.status == .cancelled)
        #expect(try await c.resumePoint(ofJob: "job_001") == nil)
        guard case .alreadyFinished = try await a.requestCancel(ofJob: "job_001", at: Date()) else {
            Issue.record("a finished job was cancelled again")
            return
        }
        #expect(try await a.requestCancel(ofJob: "job_nope", at: Date()) == .notFound)
        #expect(try await a.queuedJobCount() == 0)
    }

    @Test func versionsAreCountedAcrossReplicas() async throws {
        let url = try await TestDatabase.create()
        let stores = try await Self.replicas(2, on: url)
        defer { for store in stores { store.close() } }
        let first = try await StoreTests.finish(stores[0], job: "job_1", model: "mdl_1")
        let second = try await StoreTests.finish(stores[1], job: "job_2", model: "mdl_2")
        #expect([first.version, second.version] as [Int] == [1, 2])
        let loaded = try await stores[1].load()
        #expect(loaded.models.map(\.id) == ["mdl_1", "mdl_2"])
        #expect(loaded.models[0].model.weights.map(\.bitPattern) == [(-0.0).bitPattern, (0x1p-1030).bitPattern])
    }

    @Test func commitsAreAnnounced() async throws {
        let url = try await TestDatabase.create()
        let stores = try await Self.replicas(2, on: url)
        defer { for store in stores { store.close() } }
        let listener = Task {
            var seen: [StoreChange] = []
            let changes = stores[1].changes()
            let service = Task { await stores[1].listenForChanges() }
            defer { service.cancel() }
            for await change in changes {
                seen.append(change)
                if change == .jobQueued { return seen }
            }
            return seen
        }
        try await Task.sleep(for: .milliseconds(500))
        _ = try await Self.queue(1, in: stores[0])
        let seen = try await withDeadline(.seconds(10)) { await listener.value }
        #expect(seen.contains(.jobQueued))
    }

    @Test func aNewerSchemaIsRefusedWithOneLine() async throws {
        let url = try await TestDatabase.create()
        let store = try await PostgresStore.open(url: url, logger: testLogger)
        store.close()
        _ = try await TestDatabase.withClient(url) { client in
            try await client.query("INSERT INTO descent_schema (version) VALUES (\(PostgresSchema.currentVersion + 1))")
        }
        await #expect(throws: StoreError.unavailable(
            "\(try PostgresURL(url).redacted): the database's schema is version \(PostgresSchema.currentVersion + 1), newer than this descent knows (\(PostgresSchema.currentVersion)); upgrade descent"
        )) {
            _ = try await PostgresStore.open(url: url, logger: testLogger)
        }
    }

    @Test func anUnreachableDatabaseIsOneLineWithinTheTimeout() async throws {
        let start = ContinuousClock.now
        await #expect(throws: StoreError.unavailable("cannot reach PostgreSQL at descent@127.0.0.1:1/descent within 1 s")) {
            _ = try await PostgresStore.open(
                url: "postgres://descent:secret@127.0.0.1:1/descent?sslmode=disable", timeout: .seconds(1), logger: testLogger)
        }
        // The 1 s deadline, with room for a suite whose engine tests keep both cooperative threads busy for tens of
        // seconds (the deadline's timer waits for one of them): what this guards against is a hang.
        #expect(ContinuousClock.now - start < .seconds(120), "the open must not hang")
    }

    @Test func urlsAreParsedAndBadOnesExplained() throws {
        let url = try PostgresURL("postgres://u:p%40ss@db.internal:6543/descent?sslmode=require")
        #expect(url.host == "db.internal" && url.port == 6543 && url.user == "u" && url.password == "p@ss" && url.sslMode == .require)
        #expect(url.redacted == "u@db.internal:6543/descent")
        #expect(throws: StoreError.unavailable("sslmode must be one of disable, prefer, require, got 'verify-full'")) {
            try PostgresURL("postgres://u@h/d?sslmode=verify-full")
        }
        #expect(throws: StoreError.unavailable("the database URL must look like postgres://user:password@host:5432/database")) {
            try PostgresURL("mysql://u@h/d")
        }
    }
}
