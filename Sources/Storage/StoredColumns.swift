import Engine
import Foundation

/// The columns of `job_data`, `job_checkpoint`, `job_snapshot` and a model's parameters, as both durable stores write
/// and read them; ``SQLiteRows`` and ``PostgresRows`` only fetch the raw values.
enum StoredColumns {
    /// A column that does not hold what it should: the row was damaged or written by something else.
    struct DamagedRow: Error, CustomStringConvertible {
        let table: String
        let column: String
        var expected = "float64 values"

        var description: String { "\(table).\(column) does not hold \(expected)" }
    }

    /// `job_data.form` of ``TrainingData/table``.
    static let tableForm = "table"

    // MARK: job_data

    /// `job_data`'s `form, x, y, validation_x, validation_y`: NULL, NULL… for `generate`; NULL, x, y, NULL, NULL for
    /// `given` (as before v3); `table`, x, y and the validation set's blobs (or NULL) for `table`.
    struct DataColumns {
        var form: String?
        var x: Data?
        var y: Data?
        var validationX: Data?
        var validationY: Data?
    }

    static func columns(_ data: TrainingData) -> DataColumns {
        switch data {
        case .generate:
            return DataColumns()
        case .given(let set):
            return DataColumns(x: Float64Blob.encode(set.x.data), y: Float64Blob.encode(set.y))
        case .table(let table):
            return DataColumns(
                form: tableForm, x: Float64Blob.encode(table.x.data), y: Float64Blob.encode(table.y),
                validationX: table.validation.map { Float64Blob.encode($0.x.data) },
                validationY: table.validation.map { Float64Blob.encode($0.y) })
        }
    }

    static func trainingData(samples: Int, features: Int, columns: DataColumns) throws -> TrainingData {
        guard let xBytes = columns.x, let yBytes = columns.y else {
            return .generate(samples: samples, features: features)
        }
        guard let x = Float64Blob.decode(xBytes), x.count == samples * features else { throw DamagedRow(table: "job_data", column: "x") }
        guard let y = Float64Blob.decode(yBytes), y.count == samples else { throw DamagedRow(table: "job_data", column: "y") }
        let xArray = NDArray(shape: [samples, features], data: x)
        let yArray = NDArray(shape: [samples], data: y)
        switch columns.form {
        case nil:
            do {
                return .given(try TrainingSet(x: xArray, y: yArray))
            } catch {
                throw DamagedRow(table: "job_data", column: "x")
            }
        case tableForm?:
            var validation: (x: NDArray, y: NDArray)?
            if let validationY = columns.validationY {
                guard let vy = Float64Blob.decode(validationY), !vy.isEmpty else {
                    throw DamagedRow(table: "job_data", column: "validation_y")
                }
                guard let vxBytes = columns.validationX, let vx = Float64Blob.decode(vxBytes), vx.count == vy.count * features else {
                    throw DamagedRow(table: "job_data", column: "validation_x")
                }
                validation = (NDArray(shape: [vy.count, features], data: vx), NDArray(shape: [vy.count], data: vy))
            }
            do {
                return .table(try TrainingTable(x: xArray, y: yArray, validation: validation))
            } catch {
                throw DamagedRow(table: "job_data", column: "x", expected: "a table: \(error)")
            }
        case let form?:
            throw DamagedRow(table: "job_data", column: "form", expected: "a known form (got \(form))")
        }
    }

    // MARK: job_checkpoint

    /// `job_checkpoint`'s `epoch, weights, bias, loss, state`: the parameters in both forms, and a model checkpoint's
    /// JSON in `state`.
    struct CheckpointColumns {
        var epoch: Int
        var weights: Data
        var bias: Data
        var loss: Double
        var state: String?
    }

    static func columns(_ checkpoint: JobCheckpoint) throws -> CheckpointColumns {
        switch checkpoint {
        case .notebook(let checkpoint):
            return CheckpointColumns(
                epoch: checkpoint.epoch, weights: Float64Blob.encode(checkpoint.model.weights),
                bias: Float64Blob.encode(checkpoint.model.bias), loss: checkpoint.loss, state: nil)
        case .model(let checkpoint):
            return CheckpointColumns(
                epoch: checkpoint.epoch, weights: Float64Blob.encode(checkpoint.classifier.weights),
                bias: Float64Blob.encode(checkpoint.classifier.bias), loss: checkpoint.loss, state: try StoredJSON.encode(checkpoint))
        }
    }

    static func checkpoint(_ columns: CheckpointColumns) throws -> JobCheckpoint {
        if let state = columns.state {
            return .model(try StoredJSON.decode(ModelCheckpoint.self, from: state, table: "job_checkpoint", column: "state"))
        }
        let model = LogisticModel(
            weights: try doubles(columns.weights, table: "job_checkpoint", column: "weights"),
            bias: try double(columns.bias, table: "job_checkpoint", column: "bias"))
        return .notebook(TrainingCheckpoint(epoch: columns.epoch, model: model, loss: columns.loss))
    }

    // MARK: job_snapshot

    static func snapshot(epoch: Int, loss: Double, valLoss: Double?, weights: Data, bias: Data) throws -> ModelSnapshot {
        let bias = try doubles(bias, table: "job_snapshot", column: "bias")
        guard !bias.isEmpty else { throw DamagedRow(table: "job_snapshot", column: "bias") }
        return ModelSnapshot(
            epoch: epoch, loss: loss, valLoss: valLoss, weights: try doubles(weights, table: "job_snapshot", column: "weights"), bias: bias)
    }

    // MARK: model

    /// `model`'s `weights, bias, fitted, details`: a notebook model's `w` and `b`; a fitted model's classifier's d×o
    /// weights and o biases, with the model and its details as JSON.
    struct ModelColumns {
        var weights: Data
        var bias: Data
        var fitted: String?
        var details: String?
    }

    static func columns(_ model: NewModel) throws -> ModelColumns {
        guard let fitted = model.fitted else {
            return ModelColumns(
                weights: Float64Blob.encode(model.model.weights), bias: Float64Blob.encode(model.model.bias), fitted: nil,
                details: try model.details.map(StoredJSON.encode))
        }
        return ModelColumns(
            weights: Float64Blob.encode(fitted.classifier.weights), bias: Float64Blob.encode(fitted.classifier.bias),
            fitted: try StoredJSON.encode(fitted), details: try model.details.map(StoredJSON.encode))
    }

    /// The model's notebook form, fitted model and details (a read prefers `fitted`).
    static func model(_ columns: ModelColumns) throws -> (model: LogisticModel, fitted: FittedModel?, details: ModelDetails?) {
        let details = try StoredJSON.decodeIfPresent(ModelDetails.self, from: columns.details, table: "model", column: "details")
        if let text = columns.fitted {
            let fitted = try StoredJSON.decode(FittedModel.self, from: text, table: "model", column: "fitted")
            return (ModelRecord.notebookModel(of: fitted), fitted, details)
        }
        let model = LogisticModel(
            weights: try doubles(columns.weights, table: "model", column: "weights"),
            bias: try double(columns.bias, table: "model", column: "bias"))
        return (model, nil, details)
    }

    // MARK: Blobs

    static func doubles(_ data: Data, table: String, column: String) throws -> [Double] {
        guard let values = Float64Blob.decode(data) else { throw DamagedRow(table: table, column: column) }
        return values
    }

    static func double(_ data: Data, table: String, column: String) throws -> Double {
        guard let value = Float64Blob.decodeOne(data) else { throw DamagedRow(table: table, column: column, expected: "one float64 value") }
        return value
    }
}
