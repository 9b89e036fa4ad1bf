import Engine
import Foundation
import Testing

@testable import Storage

/// A conformer that implements only the notebook-only writes (as the server's `TimedStore` did before model runs):
/// the model-run writes' defaults pass notebook runs through and refuse, never drop, anything more.
@Suite struct StoreDefaultsTests {
    /// Forwards every requirement except the model-run writes to a memory store.
    struct NotebookOnlyStore: Store {
        let base = MemoryStore()
        var isDurable: Bool { false }
        var shared: (any SharedStore)? { nil }
        func load() async throws(StoreError) -> StoredState { try await base.load() }
        func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord { try await base.addJob(job, data: data) }
        func updateJob(_ job: JobRecord) async throws(StoreError) { try await base.updateJob(job) }
        func saveCheckpoint(_ checkpoint: TrainingCheckpoint, snapshots: [Snapshot], of job: JobRecord) async throws(StoreError) {
            try await base.saveCheckpoint(checkpoint, snapshots: snapshots, of: job)
        }
        func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint? { try await base.resumePoint(ofJob: id) }
        func finishJob(_ job: JobRecord, snapshots: [Snapshot]) async throws(StoreError) { try await base.finishJob(job, snapshots: snapshots) }
        func completeJob(_ job: JobRecord, snapshots: [Snapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
            try await base.completeJob(job, snapshots: snapshots, model: model)
        }
        func deleteJobs(_ ids: [String]) async throws(StoreError) { try await base.deleteJobs(ids) }
        func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord] { try await base.deleteModel(id: id, force: force) }
        func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool { try await base.setAlias(alias) }
        func removeAlias(name: String, alias: String) async throws(StoreError) { try await base.removeAlias(name: name, alias: alias) }
    }

    static let refusal = StoreError.unavailable("NotebookOnlyStore keeps only notebook runs: it does not implement the model-run writes")

    @Test func notebookRunsPassThroughAndModelRunsAreRefused() async throws {
        let store = NotebookOnlyStore()
        var job = try await store.addJob(StoreTests.job("job_1"), data: StoreTests.given)
        try job.state.apply(.start(at: Date()))
        let checkpoint = TrainingCheckpoint(epoch: 2, model: LogisticModel(weights: [1, 2], bias: 3), loss: 0.5)
        let snapshot = Snapshot(epoch: 2, loss: 0.5, weights: [1, 2], bias: -0.0)
        try await store.saveCheckpoint(.notebook(checkpoint), history: [ModelSnapshot(notebook: snapshot)], of: job)
        #expect(try await store.resumePoint(ofJob: "job_1")?.savedCheckpoint == .notebook(checkpoint))

        await #expect(throws: Self.refusal) {
            try await store.saveCheckpoint(.model(ModelFixtures.checkpoint), history: [], of: job)
        }
        await #expect(throws: Self.refusal) {
            try await store.saveCheckpoint(.model(ModelCheckpoint(checkpoint)), history: [], of: job)
        }
        await #expect(throws: Self.refusal) {
            try await store.saveCheckpoint(.notebook(checkpoint), history: ModelFixtures.snapshots, of: job)
        }
        try job.state.apply(.succeed(modelID: "mdl_1", loss: 0.3, at: Date()))
        await #expect(throws: Self.refusal) {
            _ = try await store.completeJob(job, history: [], model: ModelFixtures.model("mdl_1"))
        }
        await #expect(throws: Self.refusal) { try await store.finishJob(job, history: ModelFixtures.snapshots) }
        let last = Snapshot(epoch: 4, loss: 0.25, weights: [3, 4], bias: 5)
        let record = try await store.completeJob(job, history: [ModelSnapshot(notebook: last)], model: StoreTests.model("mdl_1"))
        let loaded = try await store.load()
        #expect(loaded.models == [record] && loaded.histories["job_1"] == [snapshot, last])
    }
}
