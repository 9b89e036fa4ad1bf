import Engine
import Foundation
import PostgresNIO

/// Rows to records, for ``PostgresStore``. Columns are read by name, so `SELECT *` and joins stay readable; their
/// forms are ``StoredColumns``'.
enum PostgresRows {
    typealias DamagedRow = StoredColumns.DamagedRow

    static func params(_ row: PostgresRandomAccessRow, table: String) throws -> TrainingParams {
        guard let precision = Precision(rawValue: try row["precision"].decode(String.self)) else {
            throw DamagedRow(table: table, column: "precision", expected: "exact or fast")
        }
        return TrainingParams(
            epochs: try row["epochs"].decode(Int.self), learningRate: try row["learning_rate"].decode(Double.self),
            seed: UInt32(truncatingIfNeeded: try row["seed"].decode(Int64.self)),
            snapshotEvery: try row["snapshot_every"].decode(Int.self), samples: try row["samples"].decode(Int.self),
            features: try row["features"].decode(Int.self), precision: precision,
            options: try StoredJSON.options(try row["options"].decode(String?.self), table: table)
        )
    }

    static func model(_ row: PostgresRandomAccessRow) throws -> ModelRecord {
        let parts = try StoredColumns.model(
            StoredColumns.ModelColumns(
                weights: try row["weights"].decode(Data.self), bias: try row["bias"].decode(Data.self),
                fitted: try row["fitted"].decode(String?.self), details: try row["details"].decode(String?.self)))
        return ModelRecord(
            id: try row["id"].decode(String.self), name: try row["name"].decode(String?.self),
            version: try row["version"].decode(Int.self), model: parts.model,
            jobID: try row["job_id"].decode(String.self), createdAt: date(try row["created_at"].decode(Double.self)),
            params: try params(row, table: "model"),
            metrics: Evaluation(loss: try row["metric_loss"].decode(Double.self), accuracy: try row["metric_accuracy"].decode(Double.self)),
            sequence: try row["sequence"].decode(Int64.self), fitted: parts.fitted, details: parts.details
        )
    }

    static func job(_ row: PostgresRandomAccessRow) throws -> JobRecord {
        let status = JobStatus(rawValue: try row["status"].decode(String.self)) ?? .failed
        let state = JobState(
            status: status, epoch: try row["epoch"].decode(Int.self), loss: try row["loss"].decode(Double?.self),
            error: try row["error"].decode(String?.self), modelID: try row["model_id"].decode(String?.self),
            startedAt: try row["started_at"].decode(Double?.self).map(date),
            finishedAt: try row["finished_at"].decode(Double?.self).map(date),
            cancelRequested: try row["cancel_requested"].decode(Bool.self), resumedFrom: try row["resumed_from"].decode(Int?.self),
            resumes: try row["resumes"].decode(Int.self)
        )
        return JobRecord(
            id: try row["id"].decode(String.self), name: try row["name"].decode(String?.self), params: try params(row, table: "job"),
            createdAt: date(try row["created_at"].decode(Double.self)), sequence: try row["sequence"].decode(Int64.self),
            state: state
        )
    }

    static func snapshot(_ row: PostgresRandomAccessRow) throws -> ModelSnapshot {
        try StoredColumns.snapshot(
            epoch: try row["epoch"].decode(Int.self), loss: try row["loss"].decode(Double.self),
            valLoss: try row["val_loss"].decode(Double?.self), weights: try row["weights"].decode(Data.self),
            bias: try row["bias"].decode(Data.self))
    }

    static func checkpoint(_ row: PostgresRandomAccessRow) throws -> JobCheckpoint {
        try StoredColumns.checkpoint(
            StoredColumns.CheckpointColumns(
                epoch: try row["epoch"].decode(Int.self), weights: try row["weights"].decode(Data.self),
                bias: try row["bias"].decode(Data.self), loss: try row["loss"].decode(Double.self),
                state: try row["state"].decode(String?.self)))
    }

    static func trainingData(_ row: PostgresRandomAccessRow) throws -> TrainingData {
        try StoredColumns.trainingData(
            samples: try row["samples"].decode(Int.self), features: try row["features"].decode(Int.self),
            columns: StoredColumns.DataColumns(
                form: try row["form"].decode(String?.self), x: try row["x"].decode(Data?.self), y: try row["y"].decode(Data?.self),
                validationX: try row["validation_x"].decode(Data?.self), validationY: try row["validation_y"].decode(Data?.self)))
    }

    private static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
}
