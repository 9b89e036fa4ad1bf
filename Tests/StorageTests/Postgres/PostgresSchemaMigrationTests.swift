import Engine
import Foundation
import PostgresNIO
import Testing

@testable import Storage

/// A database at schema version 1 (before `precision`) is brought up to date at open: its job and model trained
/// exactly, and new jobs keep their precision.
@Suite struct PostgresSchemaMigrationTests {
    @Test func aVersion1DatabaseIsMigratedAndItsRowsTrainedExactly() async throws {
        let url = try await TestDatabase.create()
        try await TestDatabase.withClient(url) { client in
            try await client.query("CREATE TABLE descent_schema (version bigint NOT NULL)")
            for statement in PostgresSchema.migrations[0].split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                try await client.query(PostgresQuery(unsafeSQL: String(statement)))
            }
            try await client.query("INSERT INTO descent_schema (version) VALUES (1)")
            try await client.query(
                """
                INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, status, epoch,
                    loss, model_id, started_at, finished_at, cancel_requested, resumes)
                VALUES ('job_old', 'churn', 1700000000, 10, 0.1, 42, 2, 3, 2, 'succeeded', 10, 0.3, 'mdl_old', 1700000001, 1700000002,
                    false, 0)
                """)
            try await client.query(
                """
                INSERT INTO model (id, name, version, weights, bias, job_id, created_at, epochs, learning_rate, seed, snapshot_every,
                    samples, features, metric_loss, metric_accuracy)
                VALUES ('mdl_old', 'churn', 1, \(Float64Blob.encode([0.25, -0.5])), \(Float64Blob.encode(0.125)), 'job_old', 1700000002,
                    10, 0.1, 42, 2, 3, 2, 0.3, 0.5)
                """)
        }
        let store = try await PostgresStore.open(url: url, logger: testLogger)
        defer { store.close() }
        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.params) == [PrecisionStoreTests.params(.exact)])
        #expect(loaded.models.map(\.params) == [PrecisionStoreTests.params(.exact)])
        #expect(loaded.models.first?.model == LogisticModel(weights: [0.25, -0.5], bias: 0.125))
        let added = try await store.addJob(
            JobRecord(id: "job_new", name: "churn", params: PrecisionStoreTests.params(.fast), createdAt: Date()),
            data: .generate(samples: 3, features: 2))
        #expect(added.params.precision == .fast)
        #expect(try await store.load().jobs.map(\.params.precision) == [.exact, .fast])
    }
}
