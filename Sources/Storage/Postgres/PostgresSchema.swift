import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations: append new ones, never edit a shipped one.
///
/// Migrations run at start in one transaction under an advisory lock, so replicas started together do not race;
/// the schema's version is a row of `descent_schema`. A replica refuses a database whose schema is newer than it
/// knows. Numbers that must come back bit for bit (weights, biases, training data) are little-endian float64
/// `bytea`; other numbers are `float8`, which the binary protocol carries exactly.
enum PostgresSchema {
    /// The advisory lock key migrations hold (`pg_advisory_xact_lock`).
    static let lockKey: Int64 = 0x6465_7363_656e_7401  // "descent" + 1

    /// The migrations in order; the schema's version is their count.
    static let migrations: [String] = [
        """
        CREATE TABLE model (
            sequence bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            name text,
            version bigint NOT NULL,
            weights bytea NOT NULL,
            bias bytea NOT NULL,
            job_id text NOT NULL,
            created_at float8 NOT NULL,
            epochs bigint NOT NULL,
            learning_rate float8 NOT NULL,
            seed bigint NOT NULL,
            snapshot_every bigint NOT NULL,
            samples bigint NOT NULL,
            features bigint NOT NULL,
            metric_loss float8 NOT NULL,
            metric_accuracy float8 NOT NULL,
            UNIQUE (name, version)
        );
        CREATE TABLE name_version (name text PRIMARY KEY, last_version bigint NOT NULL);
        CREATE TABLE alias (
            name text NOT NULL,
            alias text NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY (name, alias)
        );
        CREATE TABLE job (
            sequence bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            name text,
            created_at float8 NOT NULL,
            epochs bigint NOT NULL,
            learning_rate float8 NOT NULL,
            seed bigint NOT NULL,
            snapshot_every bigint NOT NULL,
            samples bigint NOT NULL,
            features bigint NOT NULL,
            status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
            epoch bigint NOT NULL,
            loss float8,
            error text,
            model_id text,
            started_at float8,
            finished_at float8,
            cancel_requested boolean NOT NULL,
            resumed_from bigint,
            resumes bigint NOT NULL,
            worker text,
            lease_until timestamptz
        );
        CREATE INDEX job_open ON job (sequence) WHERE status IN ('queued', 'running');
        CREATE TABLE job_data (
            job_id text PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
            samples bigint NOT NULL,
            features bigint NOT NULL,
            x bytea,
            y bytea
        );
        CREATE TABLE job_checkpoint (
            job_id text PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
            epoch bigint NOT NULL,
            weights bytea NOT NULL,
            bias bytea NOT NULL,
            loss float8 NOT NULL
        );
        CREATE TABLE job_snapshot (
            job_id text NOT NULL REFERENCES job(id) ON DELETE CASCADE,
            epoch bigint NOT NULL,
            loss float8 NOT NULL,
            weights bytea NOT NULL,
            bias bytea NOT NULL,
            PRIMARY KEY (job_id, epoch)
        );
        """,
        // 2: the kernel a job trains with, and its model was trained with (issue #19); rows from before it trained exactly.
        """
        ALTER TABLE job ADD COLUMN precision text NOT NULL DEFAULT 'exact' CHECK (precision IN ('exact', 'fast'));
        ALTER TABLE model ADD COLUMN precision text NOT NULL DEFAULT 'exact' CHECK (precision IN ('exact', 'fast'));
        """,
        // 3: models beyond the notebook (issue #16); NULL in each new column means what a row meant before (see
        // SQLiteSchema "v3"). JSON is kept as `text`, not `jsonb`, so it reads back as written.
        """
        ALTER TABLE job ADD COLUMN options text;
        ALTER TABLE model ADD COLUMN options text;
        ALTER TABLE model ADD COLUMN fitted text;
        ALTER TABLE model ADD COLUMN details text;
        ALTER TABLE job_data ADD COLUMN form text CHECK (form IN ('table'));
        ALTER TABLE job_data ADD COLUMN validation_x bytea;
        ALTER TABLE job_data ADD COLUMN validation_y bytea;
        ALTER TABLE job_checkpoint ADD COLUMN state text;
        ALTER TABLE job_snapshot ADD COLUMN val_loss float8;
        """,
    ]

    /// The schema version this build knows.
    static var currentVersion: Int { migrations.count }

    /// A database whose schema is newer than this build.
    struct NewerSchema: Error, CustomStringConvertible {
        let found: Int
        let known: Int
        var description: String {
            "the database's schema is version \(found), newer than this descent knows (\(known)); upgrade descent"
        }
    }

    /// Brings the schema up to date under the advisory lock; returns the version before.
    @discardableResult
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS descent_schema (version bigint NOT NULL)", logger: logger)
            var found = 0
            for try await version in try await connection.query("SELECT max(version) FROM descent_schema", logger: logger)
                .decode(Int?.self)
            {
                found = version ?? 0
            }
            guard found <= currentVersion else { throw NewerSchema(found: found, known: currentVersion) }
            for (index, sql) in migrations.enumerated() where index + 1 > found {
                // Statements of a migration are split here: the extended protocol takes one per query.
                for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger)
                }
                try await connection.query("INSERT INTO descent_schema (version) VALUES (\(index + 1))", logger: logger)
                logger.info("database schema migrated", metadata: ["version": "\(index + 1)"])
            }
            return found
        }
    }
}
