import Engine
import Foundation
import PostgresNIO
import Testing

@testable import Storage

/// A database at schema version 2 (before models) is brought to version 3 at open: its rows read as notebook rows, and
/// model runs are kept from then on.
@Suite struct PostgresModelSchemaTests {
    @Test func aVersion2DatabaseIsMigratedAndReadsAsNotebookRows() async throws {
        let url = try await TestDatabase.create()
        try await TestDatabase.withClient(url) { client in
            try await client.query("CREATE TABLE descent_schema (version bigint NOT NULL)")
            for migration in PostgresSchema.migrations.prefix(2) {
                for statement in migration.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try await client.query(PostgresQuery(unsafeSQL: String(statement)))
                }
            }
            try await client.query("INSERT INTO descent_schema (version) VALUES (1), (2)")
            try await client.query(
                """
                INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, precision,
                    status, epoch, loss, started_at, cancel_requested, resumes)
                VALUES ('job_run', 'churn', 1700000000, 10, 0.1, 42, 2, 3, 2, 'fast', 'running', 4, 0.4, 1700000001, false, 0)
                """)
            try await client.query(
                """
                INSERT INTO job_data (job_id, samples, features, x, y)
                VALUES ('job_run', 3, 2, \(Float64Blob.encode([0.1, -0.0, Double.leastNonzeroMagnitude, 4, 5, 6])),
                    \(Float64Blob.encode([0, 1, 0.5])))
                """)
            try await client.query(
                """
                INSERT INTO job_checkpoint (job_id, epoch, weights, bias, loss)
                VALUES ('job_run', 4, \(Float64Blob.encode([0.5, 0.75])), \(Float64Blob.encode(-0.0)), 0.4)
                """)
            try await client.query(
                """
                INSERT INTO job_snapshot (job_id, epoch, loss, weights, bias)
                VALUES ('job_run', 2, 0.6, \(Float64Blob.encode([1, 2])), \(Float64Blob.encode(3.0)))
                """)
        }
        let store = try await PostgresStore.open(url: url, logger: testLogger)
        defer { store.close() }
        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.params) == [PrecisionStoreTests.params(.fast)])
        #expect(loaded.histories["job_run"] == [Snapshot(epoch: 2, loss: 0.6, weights: [1, 2], bias: 3)])
        let point = try #require(try await store.resumePoint(ofJob: "job_run"))
        #expect(point.checkpoint == TrainingCheckpoint(epoch: 4, model: LogisticModel(weights: [0.5, 0.75], bias: -0.0), loss: 0.4))
        guard case .given(let set) = point.data else {
            Issue.record("v2 data came back as \(point.data)")
            return
        }
        #expect(set.x.data.map(\.bitPattern) == [0.1, -0.0, Double.leastNonzeroMagnitude, 4, 5, 6].map(\.bitPattern))
        let added = try await store.addJob(ModelFixtures.job("job_new"), data: .table(ModelFixtures.table))
        #expect(added.params == ModelFixtures.params)
        #expect(try await store.load().jobs.map(\.params.options) == [.notebook, ModelFixtures.options])
    }
}
