import Engine
import Foundation
import GRDB

/// Rows to records and records to statement arguments, for ``SQLiteStore``. The columns' forms are
/// ``StoredColumns``'.
enum SQLiteRows {
    typealias DamagedRow = StoredColumns.DamagedRow

    /// The values of the columns `epochs, learning_rate, seed, snapshot_every, samples, features, precision, options`.
    static func arguments(_ params: TrainingParams) throws -> StatementArguments {
        [
            params.epochs, params.learningRate, Int64(params.seed), params.snapshotEvery, params.samples, params.features,
            params.precision.rawValue, try StoredJSON.column(params.options),
        ]
    }

    static func arguments(_ state: JobState) -> StatementArguments {
        [
            state.status.rawValue, state.epoch, state.loss, state.error, state.modelID, state.startedAt?.timeIntervalSince1970,
            state.finishedAt?.timeIntervalSince1970, state.cancelRequested, state.resumedFrom, state.resumes,
        ]
    }

    static func params(_ row: Row, table: String) throws -> TrainingParams {
        guard let text: String = row["precision"], let precision = Precision(rawValue: text) else {
            throw DamagedRow(table: table, column: "precision", expected: "exact or fast")
        }
        return TrainingParams(
            epochs: row["epochs"], learningRate: row["learning_rate"], seed: UInt32(truncatingIfNeeded: row["seed"] as Int64),
            snapshotEvery: row["snapshot_every"], samples: row["samples"], features: row["features"], precision: precision,
            options: try StoredJSON.options(row["options"], table: table)
        )
    }

    static func model(_ row: Row) throws -> ModelRecord {
        let parts = try StoredColumns.model(
            StoredColumns.ModelColumns(
                weights: try blob(row, "weights", table: "model"), bias: try blob(row, "bias", table: "model"), fitted: row["fitted"],
                details: row["details"]))
        return ModelRecord(
            id: row["id"], name: row["name"], version: row["version"], model: parts.model, jobID: row["job_id"],
            createdAt: date(row["created_at"]), params: try params(row, table: "model"),
            metrics: Evaluation(loss: row["metric_loss"], accuracy: row["metric_accuracy"]), sequence: row["sequence"],
            fitted: parts.fitted, details: parts.details
        )
    }

    static func job(_ row: Row) throws -> JobRecord {
        let status = JobStatus(rawValue: row["status"]) ?? .failed
        let state = JobState(
            status: status, epoch: row["epoch"], loss: row["loss"], error: row["error"], modelID: row["model_id"],
            startedAt: (row["started_at"] as Double?).map(date), finishedAt: (row["finished_at"] as Double?).map(date),
            cancelRequested: row["cancel_requested"], resumedFrom: row["resumed_from"], resumes: row["resumes"]
        )
        return JobRecord(
            id: row["id"], name: row["name"], params: try params(row, table: "job"), createdAt: date(row["created_at"]), sequence: row["sequence"],
            state: state
        )
    }

    static func snapshot(_ row: Row) throws -> ModelSnapshot {
        try StoredColumns.snapshot(
            epoch: row["epoch"], loss: row["loss"], valLoss: row["val_loss"], weights: try blob(row, "weights", table: "job_snapshot"),
            bias: try blob(row, "bias", table: "job_snapshot"))
    }

    static func checkpoint(_ row: Row) throws -> JobCheckpoint {
        try StoredColumns.checkpoint(
            StoredColumns.CheckpointColumns(
                epoch: row["epoch"], weights: try blob(row, "weights", table: "job_checkpoint"),
                bias: try blob(row, "bias", table: "job_checkpoint"), loss: row["loss"], state: row["state"]))
    }

    static func trainingData(_ row: Row) throws -> TrainingData {
        try StoredColumns.trainingData(
            samples: row["samples"], features: row["features"],
            columns: StoredColumns.DataColumns(
                form: row["form"], x: row["x"], y: row["y"], validationX: row["validation_x"], validationY: row["validation_y"]))
    }

    private static func blob(_ row: Row, _ column: String, table: String) throws -> Data {
        guard let data = row[column] as Data? else { throw DamagedRow(table: table, column: column) }
        return data
    }

    private static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
}
