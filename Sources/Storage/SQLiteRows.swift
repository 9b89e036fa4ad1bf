import Engine
import Foundation
import GRDB

/// Rows to records and records to statement arguments, for ``SQLiteStore``.
enum SQLiteRows {
    /// A blob column that does not hold float64 values means the file was damaged or written by something else.
    struct DamagedRow: Error, CustomStringConvertible {
        let table: String
        let column: String
        var expected = "float64 values"

        var description: String { "\(table).\(column) does not hold \(expected)" }
    }

    /// The values of the columns `epochs, learning_rate, seed, snapshot_every, samples, features, precision`.
    static func arguments(_ params: TrainingParams) -> StatementArguments {
        [params.epochs, params.learningRate, Int64(params.seed), params.snapshotEvery, params.samples, params.features, params.precision.rawValue]
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
            snapshotEvery: row["snapshot_every"], samples: row["samples"], features: row["features"], precision: precision
        )
    }

    static func model(_ row: Row) throws -> ModelRecord {
        let weights = try doubles(row, "weights", table: "model")
        let bias = try double(row, "bias", table: "model")
        return ModelRecord(
            id: row["id"], name: row["name"], version: row["version"], model: LogisticModel(weights: weights, bias: bias),
            jobID: row["job_id"], createdAt: date(row["created_at"]), params: try params(row, table: "model"),
            metrics: Evaluation(loss: row["metric_loss"], accuracy: row["metric_accuracy"]), sequence: row["sequence"]
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

    static func snapshot(_ row: Row) throws -> Snapshot {
        Snapshot(
            epoch: row["epoch"], loss: row["loss"], weights: try doubles(row, "weights", table: "job_snapshot"),
            bias: try double(row, "bias", table: "job_snapshot")
        )
    }

    static func checkpoint(_ row: Row) throws -> TrainingCheckpoint {
        let model = LogisticModel(
            weights: try doubles(row, "weights", table: "job_checkpoint"), bias: try double(row, "bias", table: "job_checkpoint"))
        return TrainingCheckpoint(epoch: row["epoch"], model: model, loss: row["loss"])
    }

    static func trainingData(_ row: Row) throws -> TrainingData {
        let samples: Int = row["samples"]
        let features: Int = row["features"]
        guard let xBytes = row["x"] as Data?, let yBytes = row["y"] as Data? else {
            return .generate(samples: samples, features: features)
        }
        guard let x = Float64Blob.decode(xBytes), x.count == samples * features else {
            throw DamagedRow(table: "job_data", column: "x")
        }
        guard let y = Float64Blob.decode(yBytes), y.count == samples else { throw DamagedRow(table: "job_data", column: "y") }
        do {
            return .given(try TrainingSet(x: NDArray(shape: [samples, features], data: x), y: NDArray(shape: [samples], data: y)))
        } catch {
            throw DamagedRow(table: "job_data", column: "x")
        }
    }

    private static func doubles(_ row: Row, _ column: String, table: String) throws -> [Double] {
        guard let data = row[column] as Data?, let values = Float64Blob.decode(data) else {
            throw DamagedRow(table: table, column: column)
        }
        return values
    }

    private static func double(_ row: Row, _ column: String, table: String) throws -> Double {
        guard let data = row[column] as Data?, let value = Float64Blob.decodeOne(data) else {
            throw DamagedRow(table: table, column: column)
        }
        return value
    }

    private static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
}
