import Engine
import Foundation
import Logging
import PostgresNIO

extension PostgresStore: Store {
    public var isDurable: Bool { true }

    // MARK: Reading everything

    public func load() async throws(StoreError) -> StoredState {
        try await call { client in
            try await client.withConnection { connection in
                var state = StoredState()
                state.models = try await rows(connection.query("SELECT * FROM model ORDER BY sequence", logger: self.logger))
                    .map(PostgresRows.model)
                state.aliases = try await rows(connection.query("SELECT name, alias, version FROM alias", logger: self.logger)).map {
                    AliasRecord(name: try $0["name"].decode(String.self), alias: try $0["alias"].decode(String.self), version: try $0["version"].decode(Int.self))
                }
                state.jobs = try await rows(connection.query("SELECT * FROM job ORDER BY sequence", logger: self.logger)).map(PostgresRows.job)
                var histories: [String: [ModelSnapshot]] = [:]
                for row in try await rows(connection.query("SELECT * FROM job_snapshot ORDER BY job_id, epoch", logger: self.logger)) {
                    histories[try row["job_id"].decode(String.self), default: []].append(try PostgresRows.snapshot(row))
                }
                for (id, snapshots) in histories { state.setHistory(snapshots, ofJob: id) }
                return state
            }
        }
    }

    // MARK: Jobs

    public func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord {
        try await transaction(announcing: "queued") { connection, logger in
            let p = job.params
            let s = job.state
            let options = try StoredJSON.column(p.options)
            let inserted = try await rows(
                connection.query(
                    """
                    INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, precision,
                        options, status, epoch, loss, error, model_id, started_at, finished_at, cancel_requested, resumed_from, resumes)
                    VALUES (\(job.id), \(job.name), \(job.createdAt.timeIntervalSince1970), \(p.epochs), \(p.learningRate),
                        \(Int64(p.seed)), \(p.snapshotEvery), \(p.samples), \(p.features), \(p.precision.rawValue), \(options), \(s.status.rawValue),
                        \(s.epoch), \(s.loss), \(s.error), \(s.modelID), \(s.startedAt?.timeIntervalSince1970), \(s.finishedAt?.timeIntervalSince1970),
                        \(s.cancelRequested), \(s.resumedFrom), \(s.resumes))
                    RETURNING sequence
                    """, logger: logger))
            var added = job
            added.sequence = try inserted.first?["sequence"].decode(Int64.self) ?? 0
            let columns = StoredColumns.columns(data)
            try await connection.query(
                """
                INSERT INTO job_data (job_id, samples, features, x, y, form, validation_x, validation_y)
                VALUES (\(job.id), \(data.samples), \(data.features), \(columns.x), \(columns.y), \(columns.form), \(columns.validationX),
                    \(columns.validationY))
                """, logger: logger)
            return added
        }
    }

    public func updateJob(_ job: JobRecord) async throws(StoreError) {
        try await transaction { connection, logger in
            try await self.lockRun(of: job, on: connection, logger: logger)
            try await Self.update(job, on: connection, logger: logger)
        }
    }

    public func saveCheckpoint(_ checkpoint: JobCheckpoint, history snapshots: [ModelSnapshot], of job: JobRecord) async throws(StoreError) {
        // Progress only: not announced (the periodic resync shows it elsewhere).
        try await transaction(announcing: nil) { connection, logger in
            let columns = try StoredColumns.columns(checkpoint)
            try await self.lockRun(of: job, on: connection, logger: logger)
            try await Self.update(job, on: connection, logger: logger)
            try await Self.insert(snapshots, of: job.id, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO job_checkpoint (job_id, epoch, weights, bias, loss, state)
                VALUES (\(job.id), \(columns.epoch), \(columns.weights), \(columns.bias), \(columns.loss), \(columns.state))
                ON CONFLICT (job_id) DO UPDATE SET epoch = excluded.epoch, weights = excluded.weights, bias = excluded.bias,
                    loss = excluded.loss, state = excluded.state
                """, logger: logger)
        }
    }

    public func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint? {
        try await call { client in
            try await client.withConnection { connection -> ResumePoint? in
                guard let dataRow = try await rows(connection.query("SELECT * FROM job_data WHERE job_id = \(id)", logger: self.logger)).first
                else { return nil }
                let data = try PostgresRows.trainingData(dataRow)
                let checkpoint = try await rows(connection.query("SELECT * FROM job_checkpoint WHERE job_id = \(id)", logger: self.logger))
                    .first.map(PostgresRows.checkpoint)
                let history = try await rows(
                    connection.query(
                        "SELECT * FROM job_snapshot WHERE job_id = \(id) AND epoch <= \(checkpoint?.epoch ?? 0) ORDER BY epoch",
                        logger: self.logger)
                ).map(PostgresRows.snapshot)
                return ResumePoint(data: data, savedCheckpoint: checkpoint, modelHistory: history)
            }
        }
    }

    public func finishJob(_ job: JobRecord, history snapshots: [ModelSnapshot]) async throws(StoreError) {
        try await transaction { connection, logger in
            try await self.lockRun(of: job, on: connection, logger: logger)
            try await Self.finish(job, snapshots: snapshots, on: connection, logger: logger)
        }
    }

    public func completeJob(_ job: JobRecord, history snapshots: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        try await transaction { connection, logger in
            let columns = try StoredColumns.columns(model)
            let options = try StoredJSON.column(job.params.options)
            try await self.lockRun(of: job, on: connection, logger: logger)
            var version = 1
            if let name = model.name {
                let next = try await rows(
                    connection.query(
                        """
                        INSERT INTO name_version (name, last_version) VALUES (\(name), 1)
                        ON CONFLICT (name) DO UPDATE SET last_version = name_version.last_version + 1
                        RETURNING last_version
                        """, logger: logger))
                version = try next.first?["last_version"].decode(Int.self) ?? 1
            }
            let p = job.params
            let inserted = try await rows(
                connection.query(
                    """
                    INSERT INTO model (id, name, version, weights, bias, job_id, created_at, epochs, learning_rate, seed,
                        snapshot_every, samples, features, precision, options, metric_loss, metric_accuracy, fitted, details)
                    VALUES (\(model.id), \(model.name), \(version), \(columns.weights), \(columns.bias), \(job.id),
                        \(model.createdAt.timeIntervalSince1970), \(p.epochs), \(p.learningRate), \(Int64(p.seed)), \(p.snapshotEvery),
                        \(p.samples), \(p.features), \(p.precision.rawValue), \(options), \(model.metrics.loss), \(model.metrics.accuracy),
                        \(columns.fitted), \(columns.details))
                    RETURNING sequence
                    """, logger: logger))
            let record = model.record(
                version: version, jobID: job.id, params: job.params, sequence: try inserted.first?["sequence"].decode(Int64.self) ?? 0)
            try await Self.finish(job, snapshots: snapshots, on: connection, logger: logger)
            return record
        }
    }

    public func deleteJobs(_ ids: [String]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await transaction { connection, logger in
            for id in ids { try await connection.query("DELETE FROM job WHERE id = \(id)", logger: logger) }
        }
    }

    // MARK: Models and aliases

    public func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord] {
        try await transaction { connection, logger in
            guard let row = try await rows(connection.query("SELECT name, version FROM model WHERE id = \(id) FOR UPDATE", logger: logger)).first
            else { throw StoreError.modelNotFound(id: id) }
            let name = try row["name"].decode(String?.self)
            let version = try row["version"].decode(Int.self)
            let aliases = try await rows(
                connection.query("SELECT alias FROM alias WHERE name = \(name) AND version = \(version) ORDER BY alias", logger: logger)
            ).map { try $0["alias"].decode(String.self) }
            if !aliases.isEmpty && !force {
                throw StoreError.aliased(model: name.map { "\($0) v\(version)" } ?? id, aliases: aliases)
            }
            try await connection.query("DELETE FROM alias WHERE name = \(name) AND version = \(version)", logger: logger)
            try await connection.query("DELETE FROM model WHERE id = \(id)", logger: logger)
            return aliases.compactMap { alias in name.map { AliasRecord(name: $0, alias: alias, version: version) } }
        }
    }

    public func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool {
        try await transaction { connection, logger in
            let exists = try await rows(
                connection.query(
                    "SELECT 1 FROM model WHERE name = \(alias.name) AND version = \(alias.version) FOR SHARE", logger: logger))
            guard !exists.isEmpty else { throw StoreError.versionNotFound(name: alias.name, version: alias.version) }
            let result = try await rows(
                connection.query(
                    """
                    INSERT INTO alias (name, alias, version) VALUES (\(alias.name), \(alias.alias), \(alias.version))
                    ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version
                    RETURNING (xmax = 0) AS inserted
                    """, logger: logger))
            return try result.first?["inserted"].decode(Bool.self) ?? true
        }
    }

    public func removeAlias(name: String, alias: String) async throws(StoreError) {
        try await transaction { connection, logger in
            let removed = try await rows(
                connection.query("DELETE FROM alias WHERE name = \(name) AND alias = \(alias) RETURNING alias", logger: logger))
            guard !removed.isEmpty else { throw StoreError.aliasNotFound(name: name, alias: alias) }
        }
    }

    // MARK: Statements shared by several writes

    /// Locks a job's row for a write of its run (start, checkpoint, end) and refuses the write when the run is no
    /// longer this replica's: the job has ended, or another replica holds it (this one stalled past its lease and
    /// the job was claimed again). Refuses a success when a cancel was committed meanwhile, wherever.
    func lockRun(of job: JobRecord, on connection: PostgresConnection, logger: Logger) async throws {
        guard
            let row = try await rows(
                connection.query("SELECT status, worker, cancel_requested FROM job WHERE id = \(job.id) FOR UPDATE", logger: logger)
            ).first
        else { return }  // forgotten meanwhile: the write changes nothing
        let status = try row["status"].decode(String.self)
        let worker = try row["worker"].decode(String?.self)
        let ended = status != JobStatus.queued.rawValue && status != JobStatus.running.rawValue
        if ended || (status == JobStatus.running.rawValue && worker != nil && worker != replicaID) {
            throw StoreError.runTakenOver(jobID: job.id)
        }
        if job.state.status == .succeeded, try row["cancel_requested"].decode(Bool.self) {
            throw StoreError.cancelRequested(jobID: job.id)
        }
    }

    /// Writes a job's state. A cancel flag set by another replica is kept (`OR`); a job that is no longer running
    /// gives up its lease.
    static func update(_ job: JobRecord, on connection: PostgresConnection, logger: Logger) async throws {
        let s = job.state
        let running = s.status == .running
        try await connection.query(
            """
            UPDATE job SET status = \(s.status.rawValue), epoch = \(s.epoch), loss = \(s.loss), error = \(s.error),
                model_id = \(s.modelID), started_at = \(s.startedAt?.timeIntervalSince1970),
                finished_at = \(s.finishedAt?.timeIntervalSince1970), cancel_requested = cancel_requested OR \(s.cancelRequested),
                resumed_from = \(s.resumedFrom), resumes = \(s.resumes),
                worker = CASE WHEN \(running) THEN worker END, lease_until = CASE WHEN \(running) THEN lease_until END
            WHERE id = \(job.id)
            """, logger: logger)
    }

    static func insert(_ snapshots: [ModelSnapshot], of jobID: String, on connection: PostgresConnection, logger: Logger) async throws {
        for snapshot in snapshots {
            try await connection.query(
                """
                INSERT INTO job_snapshot (job_id, epoch, loss, weights, bias, val_loss)
                VALUES (\(jobID), \(snapshot.epoch), \(snapshot.loss), \(Float64Blob.encode(snapshot.weights)),
                    \(Float64Blob.encode(snapshot.bias)), \(snapshot.valLoss))
                ON CONFLICT (job_id, epoch) DO UPDATE SET loss = excluded.loss, weights = excluded.weights, bias = excluded.bias,
                    val_loss = excluded.val_loss
                """, logger: logger)
        }
    }

    static func finish(_ job: JobRecord, snapshots: [ModelSnapshot], on connection: PostgresConnection, logger: Logger) async throws {
        try await update(job, on: connection, logger: logger)
        try await insert(snapshots, of: job.id, on: connection, logger: logger)
        try await connection.query("DELETE FROM job_data WHERE job_id = \(job.id)", logger: logger)
        try await connection.query("DELETE FROM job_checkpoint WHERE job_id = \(job.id)", logger: logger)
    }
}
