import Engine
import Foundation
@testable import Storage
import Testing

/// The stores a test runs against.
enum StoreKind: String, CaseIterable, Sendable {
    case memory, sqlite, postgres

    /// A fresh, empty store (SQLite in a new temporary directory, PostgreSQL in a new database).
    func make() async throws -> any Store {
        switch self {
        case .memory: return MemoryStore()
        case .sqlite: return try SQLiteStore(directory: temporaryDirectory())
        case .postgres: return try await PostgresStore.open(url: try await TestDatabase.create(), logger: testLogger)
        }
    }
}

func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("descent-store-\(UUID().uuidString)").path
}

/// One suite over every store: the same rules hold on each.
@Suite struct StoreTests {
    static let params = TrainingParams(epochs: 10, learningRate: 0.1, seed: 42, snapshotEvery: 2, samples: 3, features: 2)

    static func job(_ id: String, name: String? = "churn") -> JobRecord {
        JobRecord(id: id, name: name, params: params, createdAt: Date(timeIntervalSince1970: 1_700_000_000.25))
    }

    static func model(_ id: String, name: String? = "churn", weights: [Double] = [-0.0, 0x1p-1030]) -> NewModel {
        NewModel(
            id: id, name: name, model: LogisticModel(weights: weights, bias: -0.0), createdAt: Date(timeIntervalSince1970: 1_700_000_001),
            metrics: Evaluation(loss: 0.5, accuracy: 0.75))
    }

    static let given: TrainingData = {
        guard let set = try? TrainingSet(x: NDArray(shape: [3, 2], data: [0.1, -0.0, .leastNonzeroMagnitude, 4, 5, 6]), y: NDArray(shape: [3], data: [0, 1, 0.5])) else {
            preconditionFailure("valid set")
        }
        return .given(set)
    }()

    /// Adds and runs a job to its end with a model.
    static func finish(_ store: any Store, job id: String, model modelID: String, name: String? = "churn") async throws -> ModelRecord {
        var job = try await store.addJob(Self.job(id, name: name), data: .generate(samples: 3, features: 2))
        try job.state.apply(.start(at: Date()))
        try job.state.apply(.succeed(modelID: modelID, loss: 0.3, at: Date()))
        return try await store.completeJob(job, snapshots: [], model: Self.model(modelID, name: name))
    }

    @Test(arguments: StoreKind.allCases) func versionsCountPerNameAndAreNeverReused(kind: StoreKind) async throws {
        let store = try await kind.make()
        let a1 = try await Self.finish(store, job: "job_1", model: "mdl_1")
        let a2 = try await Self.finish(store, job: "job_2", model: "mdl_2")
        let unnamed = try await Self.finish(store, job: "job_3", model: "mdl_3", name: nil)
        #expect([a1.version, a2.version, unnamed.version] as [Int] == [1, 2, 1])
        #expect(a1.sequence < a2.sequence && a2.sequence < unnamed.sequence)
        #expect(try await store.deleteModel(id: "mdl_2", force: false).isEmpty)
        let a3 = try await Self.finish(store, job: "job_4", model: "mdl_4")
        #expect(a3.version == 3)
        let loaded = try await store.load()
        #expect(loaded.models.map(\.id) == ["mdl_1", "mdl_3", "mdl_4"])
        #expect(loaded.models[0] == a1, "weights, bias (-0.0) and subnormals come back bit for bit")
        #expect(loaded.models[0].model.bias.sign == .minus)
        await #expect(throws: StoreError.modelNotFound(id: "mdl_2")) { try await store.deleteModel(id: "mdl_2", force: false) }
    }

    @Test(arguments: StoreKind.allCases) func aliasesNeedAnExistingVersionAndGuardDeletes(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await Self.finish(store, job: "job_1", model: "mdl_1")
        #expect(try await store.setAlias(AliasRecord(name: "churn", alias: "prod", version: 1)))
        #expect(try await store.setAlias(AliasRecord(name: "churn", alias: "prod", version: 1)) == false)
        await #expect(throws: StoreError.versionNotFound(name: "churn", version: 2)) {
            try await store.setAlias(AliasRecord(name: "churn", alias: "prod", version: 2))
        }
        await #expect(throws: StoreError.aliased(model: "churn v1", aliases: ["prod"])) {
            try await store.deleteModel(id: "mdl_1", force: false)
        }
        #expect(try await store.load().aliases == [AliasRecord(name: "churn", alias: "prod", version: 1)])
        #expect(try await store.deleteModel(id: "mdl_1", force: true) == [AliasRecord(name: "churn", alias: "prod", version: 1)])
        let loaded = try await store.load()
        #expect(loaded.aliases.isEmpty && loaded.models.isEmpty)
        await #expect(throws: StoreError.aliasNotFound(name: "churn", alias: "prod")) {
            try await store.removeAlias(name: "churn", alias: "prod")
        }
    }

    @Test(arguments: StoreKind.allCases) func aJobKeepsItsDataCheckpointAndHistoryUntilItEnds(kind: StoreKind) async throws {
        let store = try await kind.make()
        var job = try await store.addJob(Self.job("job_1"), data: Self.given)
        let second = try await store.addJob(Self.job("job_2"), data: .generate(samples: 5, features: 4))
        #expect(job.sequence < second.sequence)
        try job.state.apply(.start(at: Date(timeIntervalSince1970: 1_700_000_100.5)))
        try await store.updateJob(job)
        let s2 = Snapshot(epoch: 2, loss: 0.7, weights: [1, -0.0], bias: -0.0)
        let s4 = Snapshot(epoch: 4, loss: 0.6, weights: [2, 3], bias: 1)
        let checkpoint = TrainingCheckpoint(epoch: 5, model: LogisticModel(weights: [0.5, -0.0], bias: 0x1p-1063), loss: 0.55)
        try job.state.apply(.progress(epoch: 5, loss: 0.55))
        try await store.saveCheckpoint(checkpoint, snapshots: [s2, s4], of: job)

        let point = try #require(try await store.resumePoint(ofJob: "job_1"))
        #expect(point.checkpoint == checkpoint)
        #expect(point.history == [s2, s4])
        guard case .given(let set) = point.data, case .given(let original) = Self.given else {
            Issue.record("given data came back as generate")
            return
        }
        #expect(set.x == original.x && set.y == original.y)
        let generated = try #require(try await store.resumePoint(ofJob: "job_2"))
        guard case .generate(5, 4) = generated.data else {
            Issue.record("generate spec lost")
            return
        }
        #expect(generated.checkpoint == nil && generated.history.isEmpty)

        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.id) == ["job_1", "job_2"])
        #expect(loaded.jobs[0].state == job.state && loaded.jobs[0].params == Self.params)
        #expect(loaded.histories["job_1"] == [s2, s4])

        let s6 = Snapshot(epoch: 6, loss: 0.5, weights: [3, 4], bias: 2)
        try job.state.apply(.fail(reason: "diverged", at: Date(timeIntervalSince1970: 1_700_000_200.25)))
        try await store.finishJob(job, snapshots: [s6])
        #expect(try await store.resumePoint(ofJob: "job_1") == nil, "training data is dropped when a job ends")
        let after = try await store.load()
        #expect(after.jobs[0].state.status == .failed && after.jobs[0].state.error == "diverged")
        #expect(after.histories["job_1"] == [s2, s4, s6])

        try await store.deleteJobs(["job_1"])
        let pruned = try await store.load()
        #expect(pruned.jobs.map(\.id) == ["job_2"] && pruned.histories["job_1"] == nil)
    }
}

/// What only the SQLite store does: survive reopening, refuse a second process, report a full disk.
@Suite struct SQLiteStoreTests {
    @Test func whatWasCommittedIsThereAfterReopening() async throws {
        let directory = temporaryDirectory()
        var model: ModelRecord?
        do {
            let store = try SQLiteStore(directory: directory)
            model = try await StoreTests.finish(store, job: "job_1", model: "mdl_1")
        }
        // The first store's lock goes with its last reference, which GRDB's queue can hold a moment after the write
        // returned: wait for it (a bounded wait), as a restarted process waits for the old one to exit.
        var reopened = Result { () throws(StoreError) in try SQLiteStore(directory: directory) }
        for _ in 0..<200 {
            guard case .failure(.unavailable(let reason)) = reopened, reason.contains("in use by another descent process") else { break }
            try await Task.sleep(for: .milliseconds(25))
            reopened = Result { () throws(StoreError) in try SQLiteStore(directory: directory) }
        }
        #expect(try await reopened.get().load().models == [try #require(model)])
        #expect(FileManager.default.fileExists(atPath: directory + "/descent.sqlite"))
    }

    @Test func aSecondStoreOnTheSameDirectoryIsRefused() throws {
        let directory = temporaryDirectory()
        let first = try SQLiteStore(directory: directory)
        #expect(throws: StoreError.unavailable("data directory \(directory) is in use by another descent process")) {
            _ = try SQLiteStore(directory: directory)
        }
        _ = first
    }

    @Test func aDirectoryThatCannotBeCreatedIsOneClearError() throws {
        let file = temporaryDirectory()
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        do throws(StoreError) {
            _ = try SQLiteStore(directory: file + "/sub")
            Issue.record("opened a store under a file")
        } catch {
            #expect(error == .unavailable("cannot create data directory \(file)/sub: Not a directory"))
        }
    }

    @Test func aFullDiskIsReportedAndLosesNothingCommitted() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        _ = try await StoreTests.finish(store, job: "job_0", model: "mdl_0")
        try store.limitPages(toCurrentPlus: 2)
        var full = false
        for index in 1...50 {
            do {
                let weights = [Double](repeating: Double(index), count: 2048)
                var job = try await store.addJob(StoreTests.job("job_\(index)"), data: .generate(samples: 3, features: 2))
                try job.state.apply(.start(at: Date()))
                try job.state.apply(.succeed(modelID: "mdl_\(index)", loss: 0.1, at: Date()))
                _ = try await store.completeJob(job, snapshots: [], model: StoreTests.model("mdl_\(index)", weights: weights))
            } catch StoreError.full {
                full = true
                break
            }
        }
        #expect(full)
        let loaded = try await store.load()
        #expect(loaded.models.first?.id == "mdl_0")
        #expect(loaded.models.allSatisfy { $0.model.weights.count == 2 || $0.model.weights.count == 2048 })
    }
}
