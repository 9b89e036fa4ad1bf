import Engine
import Foundation
import Testing

@testable import Storage

/// A replica reloading from the database (at start, and on every announcement or resync) sees another replica's model
/// runs whole: options, table data, model checkpoint, snapshots and fitted model.
@Suite struct PostgresModelReplicaTests {
    @Test func anotherReplicaLoadsAModelRunWhole() async throws {
        let url = try await TestDatabase.create()
        let a = try await PostgresStore.open(url: url, replicaID: "replica-a", logger: testLogger)
        defer { a.close() }
        let b = try await PostgresStore.open(url: url, replicaID: "replica-b", logger: testLogger)
        defer { b.close() }

        var running = try await a.addJob(ModelFixtures.job("job_run"), data: .table(ModelFixtures.table))
        try running.state.apply(.start(at: Date(timeIntervalSince1970: 1_700_000_010)))
        try await a.saveCheckpoint(.model(ModelFixtures.checkpoint), history: Array(ModelFixtures.snapshots.prefix(1)), of: running)
        var done = try await a.addJob(ModelFixtures.job("job_done"), data: .table(ModelFixtures.table))
        try done.state.apply(.start(at: Date()))
        try done.state.apply(.succeed(modelID: "mdl_1", loss: 0.2, at: Date(timeIntervalSince1970: 1_700_000_011)))
        let record = try await a.completeJob(done, history: ModelFixtures.snapshots, model: ModelFixtures.model("mdl_1"))

        let seen = try await b.load()
        #expect(seen.models == [record])
        #expect(seen.jobs.map(\.params) == [ModelFixtures.params, ModelFixtures.params])
        #expect(seen.modelHistories == ["job_run": Array(ModelFixtures.snapshots.prefix(1)), "job_done": ModelFixtures.snapshots])
        let point = try #require(try await b.resumePoint(ofJob: "job_run"))
        #expect(point.savedCheckpoint == .model(ModelFixtures.checkpoint))
        guard case .table(let table) = point.data else {
            Issue.record("table data came back as \(point.data)")
            return
        }
        #expect(table == ModelFixtures.table)
    }
}
