import GRDB

/// The SQLite schema, as migrations: append new ones, never edit a shipped one.
///
/// Numbers that must come back bit for bit (weights, biases, training data) are little-endian float64 blobs;
/// `AUTOINCREMENT` sequences are never reused, even after the newest row is deleted.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE model (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        name TEXT,
                        version INTEGER NOT NULL,
                        weights BLOB NOT NULL,
                        bias BLOB NOT NULL,
                        job_id TEXT NOT NULL,
                        created_at DOUBLE NOT NULL,
                        epochs INTEGER NOT NULL,
                        learning_rate DOUBLE NOT NULL,
                        seed INTEGER NOT NULL,
                        snapshot_every INTEGER NOT NULL,
                        samples INTEGER NOT NULL,
                        features INTEGER NOT NULL,
                        metric_loss DOUBLE NOT NULL,
                        metric_accuracy DOUBLE NOT NULL,
                        UNIQUE (name, version)
                    );
                    CREATE TABLE name_version (
                        name TEXT PRIMARY KEY,
                        last_version INTEGER NOT NULL
                    );
                    CREATE TABLE alias (
                        name TEXT NOT NULL,
                        alias TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (name, alias)
                    );
                    CREATE TABLE job (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        name TEXT,
                        created_at DOUBLE NOT NULL,
                        epochs INTEGER NOT NULL,
                        learning_rate DOUBLE NOT NULL,
                        seed INTEGER NOT NULL,
                        snapshot_every INTEGER NOT NULL,
                        samples INTEGER NOT NULL,
                        features INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        epoch INTEGER NOT NULL,
                        loss DOUBLE,
                        error TEXT,
                        model_id TEXT,
                        started_at DOUBLE,
                        finished_at DOUBLE,
                        cancel_requested INTEGER NOT NULL,
                        resumed_from INTEGER,
                        resumes INTEGER NOT NULL
                    );
                    CREATE TABLE job_data (
                        job_id TEXT PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
                        samples INTEGER NOT NULL,
                        features INTEGER NOT NULL,
                        x BLOB,
                        y BLOB
                    );
                    CREATE TABLE job_checkpoint (
                        job_id TEXT PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
                        epoch INTEGER NOT NULL,
                        weights BLOB NOT NULL,
                        bias BLOB NOT NULL,
                        loss DOUBLE NOT NULL
                    );
                    CREATE TABLE job_snapshot (
                        job_id TEXT NOT NULL REFERENCES job(id) ON DELETE CASCADE,
                        epoch INTEGER NOT NULL,
                        loss DOUBLE NOT NULL,
                        weights BLOB NOT NULL,
                        bias BLOB NOT NULL,
                        PRIMARY KEY (job_id, epoch)
                    );
                    """)
        }
        // The kernel a job trains with, and its model was trained with (issue #19); rows from before it trained exactly.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE job ADD COLUMN precision TEXT NOT NULL DEFAULT 'exact';
                    ALTER TABLE model ADD COLUMN precision TEXT NOT NULL DEFAULT 'exact';
                    """)
        }
        // Models beyond the notebook (issue #16). Every new column is nullable and NULL means what a row meant before:
        // `options` (JSON, ModelOptions) NULL: the notebook's options; `fitted`/`details` (JSON) NULL: a notebook model
        // in `weights`/`bias` (a fitted model keeps its classifier's d×o weights and o biases there too, but reads
        // `fitted`); `job_data.form` 'table' for TrainingData.table, NULL for given/generate, with `validation_x`/
        // `validation_y` float64 blobs of an explicit validation set; `job_checkpoint.state` (JSON, ModelCheckpoint)
        // NULL: a notebook checkpoint; `job_snapshot.val_loss` NULL: no validation (and `bias` holds o values).
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    ALTER TABLE job ADD COLUMN options TEXT;
                    ALTER TABLE model ADD COLUMN options TEXT;
                    ALTER TABLE model ADD COLUMN fitted TEXT;
                    ALTER TABLE model ADD COLUMN details TEXT;
                    ALTER TABLE job_data ADD COLUMN form TEXT;
                    ALTER TABLE job_data ADD COLUMN validation_x BLOB;
                    ALTER TABLE job_data ADD COLUMN validation_y BLOB;
                    ALTER TABLE job_checkpoint ADD COLUMN state TEXT;
                    ALTER TABLE job_snapshot ADD COLUMN val_loss DOUBLE;
                    """)
        }
        return migrator
    }
}
