import Engine
import Foundation
import GRDB
import Testing

@testable import Storage

/// Schema v3 on SQLite: a database made before it opens and reads as notebook rows, notebook rows keep NULL in every
/// new column, and model runs survive a restart.
@Suite struct ModelSchemaTests {
    /// A data directory written by a descent before models (schema v2) is migrated on open: its rows are notebook rows
    /// and its running job resumes from its notebook checkpoint.
    @Test func aVersion2DatabaseOpensAndReadsAsNotebookRows() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: directory + "/" + SQLiteStore.fileName)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v2")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, precision,
                            status, epoch, loss, model_id, started_at, finished_at, cancel_requested, resumes)
                        VALUES ('job_old', 'churn', 1700000000, 10, 0.1, 42, 2, 3, 2, 'fast', 'succeeded', 10, 0.3, 'mdl_old',
                            1700000001, 1700000002, 0, 0);
                        INSERT INTO model (id, name, version, weights, bias, job_id, created_at, epochs, learning_rate, seed,
                            snapshot_every, samples, features, precision, metric_loss, metric_accuracy)
                        VALUES ('mdl_old', 'churn', 1, ?, ?, 'job_old', 1700000002, 10, 0.1, 42, 2, 3, 2, 'fast', 0.3, 0.5);
                        INSERT INTO name_version (name, last_version) VALUES ('churn', 1);
                        INSERT INTO job_snapshot (job_id, epoch, loss, weights, bias) VALUES ('job_old', 2, 0.6, ?, ?);
                        INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features,
                            status, epoch, loss, started_at, cancel_requested, resumes)
                        VALUES ('job_run', NULL, 1700000003, 10, 0.1, 42, 2, 3, 2, 'running', 4, 0.4, 1700000004, 0, 0);
                        INSERT INTO job_data (job_id, samples, features, x, y) VALUES ('job_run', 3, 2, ?, ?);
                        INSERT INTO job_checkpoint (job_id, epoch, weights, bias, loss) VALUES ('job_run', 4, ?, ?, 0.4);
                        """,
                    arguments: [
                        Float64Blob.encode([0.25, -0.5]), Float64Blob.encode(-0.0), Float64Blob.encode([1, 2]), Float64Blob.encode(3.0),
                        Float64Blob.encode([0.1, -0.0, Double.leastNonzeroMagnitude, 4, 5, 6]), Float64Blob.encode([0, 1, 0.5]),
                        Float64Blob.encode([0.5, 0.75]), Float64Blob.encode(0.125),
                    ])
            }
        }
        let store = try SQLiteStore(directory: directory)
        let loaded = try await store.load()
        let old = TrainingParams(epochs: 10, learningRate: 0.1, seed: 42, snapshotEvery: 2, samples: 3, features: 2, precision: .fast)
        #expect(loaded.jobs.map(\.params) == [old, PrecisionStoreTests.params(.exact)])
        let model = try #require(loaded.models.first)
        #expect(model.params == old && model.fitted == nil && model.details == nil)
        #expect(model.model == LogisticModel(weights: [0.25, -0.5], bias: -0.0) && model.model.bias.sign == .minus)
        #expect(loaded.histories["job_old"] == [Snapshot(epoch: 2, loss: 0.6, weights: [1, 2], bias: 3)] && loaded.modelHistories.isEmpty)

        let point = try #require(try await store.resumePoint(ofJob: "job_run"))
        let checkpoint = TrainingCheckpoint(epoch: 4, model: LogisticModel(weights: [0.5, 0.75], bias: 0.125), loss: 0.4)
        #expect(point.savedCheckpoint == .notebook(checkpoint))
        guard case .given(let set) = point.data else {
            Issue.record("v2 data came back as \(point.data)")
            return
        }
        #expect(set.x.data.map(\.bitPattern) == [0.1, -0.0, Double.leastNonzeroMagnitude, 4, 5, 6].map(\.bitPattern) && set.y == [0, 1, 0.5])

        let added = try await store.addJob(ModelFixtures.job("job_new"), data: .table(ModelFixtures.table))
        #expect(added.params == ModelFixtures.params)
        #expect(try await store.load().jobs.map(\.params.options) == [.notebook, .notebook, ModelFixtures.options])
    }

    /// Notebook rows mean what they meant before v3: every new column stays NULL.
    @Test func notebookRowsLeaveTheNewColumnsNull() async throws {
        let directory = temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        var job = try await store.addJob(StoreTests.job("job_1"), data: StoreTests.given)
        try job.state.apply(.start(at: Date()))
        try await store.saveCheckpoint(
            TrainingCheckpoint(epoch: 2, model: LogisticModel(weights: [1, 2], bias: 3), loss: 0.5),
            snapshots: [Snapshot(epoch: 2, loss: 0.5, weights: [1, 2], bias: 3)], of: job)
        _ = try await StoreTests.finish(store, job: "job_2", model: "mdl_2")
        let queue = try DatabaseQueue(path: directory + "/" + SQLiteStore.fileName)
        let nulls = try await queue.read { db in
            [
                try Int.fetchOne(db, sql: "SELECT count(*) FROM job WHERE options IS NOT NULL"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM model WHERE options IS NOT NULL OR fitted IS NOT NULL OR details IS NOT NULL"),
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM job_data WHERE form IS NOT NULL OR validation_x IS NOT NULL OR validation_y IS NOT NULL"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM job_checkpoint WHERE state IS NOT NULL"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM job_snapshot WHERE val_loss IS NOT NULL OR length(bias) != 8"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM job_checkpoint WHERE length(bias) = 8"),
            ]
        }
        #expect(nulls == [0, 0, 0, 0, 0, 1])
    }

    /// Everything of a model run is there after the store is closed and opened again.
    @Test func aModelRunSurvivesARestart() async throws {
        let directory = temporaryDirectory()
        var record: ModelRecord?
        do {
            let store = try SQLiteStore(directory: directory)
            var running = try await store.addJob(ModelFixtures.job("job_run"), data: .table(ModelFixtures.table))
            try running.state.apply(.start(at: Date(timeIntervalSince1970: 1_700_000_010)))
            try await store.saveCheckpoint(.model(ModelFixtures.checkpoint), history: Array(ModelFixtures.snapshots.prefix(1)), of: running)
            var done = try await store.addJob(ModelFixtures.job("job_done"), data: .table(ModelFixtures.table))
            try done.state.apply(.start(at: Date()))
            try done.state.apply(.succeed(modelID: "mdl_1", loss: 0.2, at: Date(timeIntervalSince1970: 1_700_000_011)))
            record = try await store.completeJob(done, history: ModelFixtures.snapshots, model: ModelFixtures.model("mdl_1"))
        }
        let reopened = try SQLiteStore(directory: directory)
        let loaded = try await reopened.load()
        #expect(loaded.models == [try #require(record)])
        #expect(loaded.jobs.map(\.params) == [ModelFixtures.params, ModelFixtures.params])
        #expect(loaded.history(ofJob: "job_done") == ModelFixtures.snapshots)
        #expect(loaded.history(ofJob: "job_run") == Array(ModelFixtures.snapshots.prefix(1)))
        let point = try #require(try await reopened.resumePoint(ofJob: "job_run"))
        #expect(point.savedCheckpoint == .model(ModelFixtures.checkpoint))
        guard case .table(let table) = point.data else {
            Issue.record("table data came back as \(point.data)")
            return
        }
        #expect(table == ModelFixtures.table)
    }
}
