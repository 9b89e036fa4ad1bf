import Engine
import Foundation
import PostgresNIO

/// Rows to records, for ``PostgresStore``. Columns are read by name, so `SELECT *` and joins stay readable.
enum PostgresRows {
    /// A `bytea` column that does not hold float64 values: the row was damaged or written by something else.
    struct DamagedRow: Error, CustomStringConvertible {
        let table: String
        let column: String
        var expected = "float64 values"
        var description: String { "\(table).\(column) does not hold \(expected)" }
    }

    static func params(_ row: PostgresRandomAccessRow, table: String) throws -> TrainingParams {
        guard let precision = Precision(rawValue: try row["precision"].decode(String.self)) else {
            throw DamagedRow(table: table, column: "precision", expected: "exact or fast")
        }
        return TrainingParams(
            epochs: try row["epochs"].decode(Int.self), learningRate: try row["learning_rate"].decode(Double.self),
            seed: UInt32(truncatingIfNeeded: try row["seed"].decode(Int64.self)),
            snapshotEvery: try row["snapshot_every"].decode(Int.self), samples: try row["samples"].decode(Int.self),
            features: try row["features"].decode(Int.self), precision: precision
        )
    }

    static func model(_ row: PostgresRandomAccessRow) throws -> ModelRecord {
        ModelRecord(
            id: try row["id"].decode(String.self), name: try row["name"].decode(String?.self),
            version: try row["version"].decode(Int.self),
            model: LogisticModel(weights: try doubles(row, "weights", table: "model"), bias: try double(row, "bias", table: "model")),
            jobID: try row["job_id"].decode(String.self), createdAt: date(try row["created_at"].decode(Double.self)),
            params: try params(row, table: "model"),
            metrics: Evaluation(loss: try row["metric_loss"].decode(Double.self), accuracy: try row["metric_accuracy"].decode(Double.self)),
            sequence: try row["sequence"].decode(Int64.self)
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

    static func snapshot(_ row: PostgresRandomAccessRow) throws -> Snapshot {
        Snapshot(
            epoch: try row["epoch"].decode(Int.self), loss: try row["loss"].decode(Double.self),
            weights: try doubles(row, "weights", table: "job_snapshot"), bias: try double(row, "bias", table: "job_snapshot"))
    }

    static func checkpoint(_ row: PostgresRandomAccessRow) throws -> TrainingCheckpoint {
        TrainingCheckpoint(
            epoch: try row["epoch"].decode(Int.self),
            model: LogisticModel(
                weights: try doubles(row, "weights", table: "job_checkpoint"), bias: try double(row, "bias", table: "job_checkpoint")),
            loss: try row["loss"].decode(Double.self))
    }

    static func trainingData(_ row: PostgresRandomAccessRow) throws -> TrainingData {
        let samples = try row["samples"].decode(Int.self)
        let features = try row["features"].decode(Int.self)
        guard let xBytes = try row["x"].decode(Data?.self), let yBytes = try row["y"].decode(Data?.self) else {
            return .generate(samples: samples, features: features)
        }
        guard let x = Float64Blob.decode(xBytes), x.count == samples * features else { throw DamagedRow(table: "job_data", column: "x") }
        guard let y = Float64Blob.decode(yBytes), y.count == samples else { throw DamagedRow(table: "job_data", column: "y") }
        do {
            return .given(try TrainingSet(x: NDArray(shape: [samples, features], data: x), y: NDArray(shape: [samples], data: y)))
        } catch {
            throw DamagedRow(table: "job_data", column: "x")
        }
    }

    private static func doubles(_ row: PostgresRandomAccessRow, _ column: String, table: String) throws -> [Double] {
        guard let values = Float64Blob.decode(try row[column].decode(Data.self)) else { throw DamagedRow(table: table, column: column) }
        return values
    }

    private static func double(_ row: PostgresRandomAccessRow, _ column: String, table: String) throws -> Double {
        guard let value = Float64Blob.decodeOne(try row[column].decode(Data.self)) else { throw DamagedRow(table: table, column: column) }
        return value
    }

    private static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
}
