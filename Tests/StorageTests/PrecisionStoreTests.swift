import Engine
import Foundation
import GRDB
import Testing

@testable import Storage

/// The precision a job trains with is part of its params: every store keeps it with the job and its model, and rows
/// written before it existed read back as `exact`.
@Suite struct PrecisionStoreTests {
    static func params(_ precision: Precision) -> TrainingParams {
        TrainingParams(epochs: 10, learningRate: 0.1, seed: 42, snapshotEvery: 2, samples: 3, features: 2, precision: precision)
    }

    @Test(arguments: StoreKind.allCases) func theJobAndItsModelKeepTheirPrecision(kind: StoreKind) async throws {
        let store = try await kind.make()
        var models: [ModelRecord] = []
        for (index, precision) in [Precision.fast, .exact].enumerated() {
            let record = JobRecord(id: "job_\(index)", name: "churn", params: Self.params(precision), createdAt: Date(timeIntervalSince1970: 1_700_000_000))
            var job = try await store.addJob(record, data: .generate(samples: 3, features: 2))
            #expect(job.params.precision == precision)
            try job.state.apply(.start(at: Date()))
            try job.state.apply(.succeed(modelID: "mdl_\(index)", loss: 0.3, at: Date()))
            models.append(try await store.completeJob(job, snapshots: [], model: StoreTests.model("mdl_\(index)")))
        }
        #expect(models.map(\.params.precision) == [.fast, .exact])
        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.params) == [Self.params(.fast), Self.params(.exact)])
        #expect(loaded.models.map(\.params) == [Self.params(.fast), Self.params(.exact)])
        #expect(loaded.models == models)
    }

    /// A data directory written by a descent without precision (schema v1) is migrated on open: its job and model
    /// trained exactly, and new ones keep theirs.
    @Test func aVersion1DatabaseIsMigratedAndItsRowsTrainedExactly() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: directory + "/" + SQLiteStore.fileName)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v1")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, status,
                            epoch, loss, model_id, started_at, finished_at, cancel_requested, resumes)
                        VALUES ('job_old', 'churn', 1700000000, 10, 0.1, 42, 2, 3, 2, 'succeeded', 10, 0.3, 'mdl_old', 1700000001,
                            1700000002, 0, 0);
                        INSERT INTO model (id, name, version, weights, bias, job_id, created_at, epochs, learning_rate, seed,
                            snapshot_every, samples, features, metric_loss, metric_accuracy)
                        VALUES ('mdl_old', 'churn', 1, ?, ?, 'job_old', 1700000002, 10, 0.1, 42, 2, 3, 2, 0.3, 0.5);
                        INSERT INTO name_version (name, last_version) VALUES ('churn', 1);
                        """,
                    arguments: [Float64Blob.encode([0.25, -0.5]), Float64Blob.encode(0.125)])
            }
        }
        let store = try SQLiteStore(directory: directory)
        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.params) == [Self.params(.exact)])
        #expect(loaded.models.map(\.params) == [Self.params(.exact)])
        #expect(loaded.models.first?.model == LogisticModel(weights: [0.25, -0.5], bias: 0.125))
        let added = try await store.addJob(
            JobRecord(id: "job_new", name: "churn", params: Self.params(.fast), createdAt: Date()), data: .generate(samples: 3, features: 2))
        #expect(added.params.precision == .fast)
        #expect(try await store.load().jobs.map(\.params.precision) == [.exact, .fast])
    }
}
