import Engine
import Foundation
import GRDB

/// The durable store of one process: SQLite through GRDB at `DIR/descent.sqlite` (`--data-dir DIR`).
///
/// WAL mode with `synchronous=FULL`: a write that returned is on disk, through a crash or a power loss. Reads of
/// the server never come here (they use in-memory copies), so the one writer connection does all the work.
/// A lock file keeps a second process off the same directory.
public final class SQLiteStore: Store {
    private let pool: DatabasePool
    private let lock: DataDirectoryLock

    /// The database file's name inside the data directory.
    public static let fileName = "descent.sqlite"

    /// Opens (creating if needed) the data directory and its database, and brings the schema up to date.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` with one sentence that names the directory and what is wrong.
    public init(directory: String) throws(StoreError) {
        lock = try DataDirectoryLock(directory: directory)
        let path = directory + "/" + Self.fileName
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            // After opening: the pool sets NORMAL on every connection it prepares.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try SQLiteSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw .unavailable("cannot open \(path): \(error.message ?? error.description)")
        } catch {
            throw .unavailable("cannot open \(path): \(error)")
        }
    }

    public var isDurable: Bool { true }

    // MARK: Reading everything

    public func load() async throws(StoreError) -> StoredState {
        try await read { db in
            var state = StoredState()
            state.models = try Row.fetchAll(db, sql: "SELECT * FROM model ORDER BY sequence").map(SQLiteRows.model)
            state.aliases = try Row.fetchAll(db, sql: "SELECT name, alias, version FROM alias").map { row in
                AliasRecord(name: row["name"], alias: row["alias"], version: row["version"])
            }
            state.jobs = try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY sequence").map(SQLiteRows.job)
            var histories: [String: [ModelSnapshot]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM job_snapshot ORDER BY job_id, epoch") {
                histories[row["job_id"], default: []].append(try SQLiteRows.snapshot(row))
            }
            for (id, snapshots) in histories { state.setHistory(snapshots, ofJob: id) }
            return state
        }
    }

    // MARK: Jobs

    public func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, name, created_at, epochs, learning_rate, seed, snapshot_every, samples, features, precision,
                        options, status, epoch, loss, error, model_id, started_at, finished_at, cancel_requested, resumed_from, resumes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [job.id, job.name, job.createdAt.timeIntervalSince1970] + (try SQLiteRows.arguments(job.params))
                    + SQLiteRows.arguments(job.state))
            var added = job
            added.sequence = db.lastInsertedRowID
            let columns = StoredColumns.columns(data)
            try db.execute(
                sql: """
                    INSERT INTO job_data (job_id, samples, features, x, y, form, validation_x, validation_y)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    job.id, data.samples, data.features, columns.x, columns.y, columns.form, columns.validationX, columns.validationY,
                ])
            return added
        }
    }

    public func updateJob(_ job: JobRecord) async throws(StoreError) {
        try await write { db in try Self.update(job, in: db) }
    }

    public func saveCheckpoint(_ checkpoint: JobCheckpoint, history snapshots: [ModelSnapshot], of job: JobRecord) async throws(StoreError) {
        try await write { db in
            let columns = try StoredColumns.columns(checkpoint)
            try Self.update(job, in: db)
            try Self.insert(snapshots, of: job.id, in: db)
            try db.execute(
                sql: "INSERT OR REPLACE INTO job_checkpoint (job_id, epoch, weights, bias, loss, state) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [job.id, columns.epoch, columns.weights, columns.bias, columns.loss, columns.state])
        }
    }

    public func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint? {
        try await read { db in
            guard let dataRow = try Row.fetchOne(db, sql: "SELECT * FROM job_data WHERE job_id = ?", arguments: [id]) else {
                return nil
            }
            let data = try SQLiteRows.trainingData(dataRow)
            let checkpoint = try Row.fetchOne(db, sql: "SELECT * FROM job_checkpoint WHERE job_id = ?", arguments: [id])
                .map(SQLiteRows.checkpoint)
            let history = try Row.fetchAll(
                db, sql: "SELECT * FROM job_snapshot WHERE job_id = ? AND epoch <= ? ORDER BY epoch",
                arguments: [id, checkpoint?.epoch ?? 0]
            ).map(SQLiteRows.snapshot)
            return ResumePoint(data: data, savedCheckpoint: checkpoint, modelHistory: history)
        }
    }

    public func finishJob(_ job: JobRecord, history snapshots: [ModelSnapshot]) async throws(StoreError) {
        try await write { db in try Self.finish(job, snapshots: snapshots, in: db) }
    }

    public func completeJob(_ job: JobRecord, history snapshots: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        try await write { db in
            let columns = try StoredColumns.columns(model)
            var version = 1
            if let name = model.name {
                let last = try Int.fetchOne(db, sql: "SELECT last_version FROM name_version WHERE name = ?", arguments: [name]) ?? 0
                version = last + 1
                try db.execute(
                    sql: "INSERT OR REPLACE INTO name_version (name, last_version) VALUES (?, ?)", arguments: [name, version])
            }
            try db.execute(
                sql: """
                    INSERT INTO model (id, name, version, weights, bias, job_id, created_at, epochs, learning_rate, seed,
                        snapshot_every, samples, features, precision, options, metric_loss, metric_accuracy, fitted, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [model.id, model.name, version, columns.weights, columns.bias, job.id, model.createdAt.timeIntervalSince1970]
                    + (try SQLiteRows.arguments(job.params))
                    + [model.metrics.loss, model.metrics.accuracy, columns.fitted, columns.details])
            let record = model.record(version: version, jobID: job.id, params: job.params, sequence: db.lastInsertedRowID)
            try Self.finish(job, snapshots: snapshots, in: db)
            return record
        }
    }

    public func deleteJobs(_ ids: [String]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await write { db in
            for id in ids { try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [id]) }
        }
    }

    // MARK: Models and aliases

    public func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord] {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, version FROM model WHERE id = ?", arguments: [id]) else {
                throw StoreError.modelNotFound(id: id)
            }
            let name: String? = row["name"]
            let version: Int = row["version"]
            let aliases = try String.fetchAll(
                db, sql: "SELECT alias FROM alias WHERE name = ? AND version = ? ORDER BY alias", arguments: [name, version])
            if !aliases.isEmpty && !force {
                throw StoreError.aliased(model: name.map { "\($0) v\(version)" } ?? id, aliases: aliases)
            }
            try db.execute(sql: "DELETE FROM alias WHERE name = ? AND version = ?", arguments: [name, version])
            try db.execute(sql: "DELETE FROM model WHERE id = ?", arguments: [id])
            return aliases.compactMap { alias in name.map { AliasRecord(name: $0, alias: alias, version: version) } }
        }
    }

    public func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool {
        try await write { db in
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM model WHERE name = ? AND version = ?)", arguments: [alias.name, alias.version])
            guard exists == true else { throw StoreError.versionNotFound(name: alias.name, version: alias.version) }
            let isNew = try Int.fetchOne(
                db, sql: "SELECT version FROM alias WHERE name = ? AND alias = ?", arguments: [alias.name, alias.alias]) == nil
            try db.execute(
                sql: "INSERT OR REPLACE INTO alias (name, alias, version) VALUES (?, ?, ?)",
                arguments: [alias.name, alias.alias, alias.version])
            return isNew
        }
    }

    public func removeAlias(name: String, alias: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM alias WHERE name = ? AND alias = ?", arguments: [name, alias])
            guard db.changesCount > 0 else { throw StoreError.aliasNotFound(name: name, alias: alias) }
        }
    }

    // MARK: Statements shared by several writes

    private static func update(_ job: JobRecord, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE job SET status = ?, epoch = ?, loss = ?, error = ?, model_id = ?, started_at = ?, finished_at = ?,
                    cancel_requested = ?, resumed_from = ?, resumes = ?
                WHERE id = ?
                """,
            arguments: SQLiteRows.arguments(job.state) + [job.id])
    }

    private static func insert(_ snapshots: [ModelSnapshot], of jobID: String, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO job_snapshot (job_id, epoch, loss, weights, bias, val_loss) VALUES (?, ?, ?, ?, ?, ?)")
        for snapshot in snapshots {
            try statement.execute(arguments: [
                jobID, snapshot.epoch, snapshot.loss, Float64Blob.encode(snapshot.weights), Float64Blob.encode(snapshot.bias),
                snapshot.valLoss,
            ])
        }
    }

    private static func finish(_ job: JobRecord, snapshots: [ModelSnapshot], in db: Database) throws {
        try update(job, in: db)
        try insert(snapshots, of: job.id, in: db)
        try db.execute(sql: "DELETE FROM job_data WHERE job_id = ?", arguments: [job.id])
        try db.execute(sql: "DELETE FROM job_checkpoint WHERE job_id = ?", arguments: [job.id])
    }

    // MARK: Running statements

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Our own errors pass through; SQLite's become `full` or `unavailable`.
    static func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_FULL:
            return .full
        case let error as DatabaseError:
            return .unavailable(error.message ?? error.description)
        default:
            return .unavailable(String(describing: error))
        }
    }
}

extension SQLiteStore {
    /// Caps the database at its current size plus `pages` pages, so the next writes fail as on a full disk
    /// (`SQLITE_FULL`). For tests of the disk-full path.
    func limitPages(toCurrentPlus pages: Int) throws {
        try pool.writeWithoutTransaction { db in
            let count = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(count + pages)")
        }
    }
}
