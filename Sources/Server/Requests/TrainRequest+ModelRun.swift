import Engine
import Storage
import Wire

/// The checks of a `/train` body that trains beyond the notebook: its data as a ``TrainingTable`` and the engine's
/// rules for the plan, both as 422s at the engine's pointers before anything is queued.
extension TrainRequest {
    /// Decodes `x`, `y` and the explicit validation set (all finite; together within `--max-train-elements`) and
    /// checks their shapes.
    static func decodeTrainingTable(
        x xValue: JSONValue, y yValue: JSONValue, validation: (x: JSONValue, y: JSONValue)?, limits: Limits
    ) throws(WireError) -> TrainingTable {
        let x = try decoder("x", limits: limits).decode(xValue)
        let y = try decoder("y", limits: limits).decode(yValue)
        var validationArrays: (x: NDArray, y: NDArray)?
        if let validation {
            let validationX = try validationDecoder("x", limits: limits).decode(validation.x)
            let validationY = try validationDecoder("y", limits: limits).decode(validation.y)
            let total = x.data.count + validationX.data.count
            guard total <= limits.maxTrainElements else {
                throw WireError.unprocessable(
                    "'x' and 'validation.x' hold \(total) elements together, more than the limit of \(limits.maxTrainElements) "
                        + "(max-train-elements)",
                    kind: "limit-exceeded", pointer: "/validation/x")
            }
            validationArrays = (validationX, validationY)
        }
        let table: TrainingTable
        do throws(TrainingPlanError) {
            table = try TrainingTable(x: x, y: y, validation: validationArrays)
        } catch {
            throw TrainOptionsRequest.wireError(error)
        }
        try checkFeatures(table.features, limits: limits, pointer: "/x")
        return table
    }

    /// Checks the data against the job's plan (the engine's rules: class ids, `l2`, the optimizer's settings, the
    /// validation split, the batch size, early stopping) and the model's size; returns o, the model's outputs per row.
    static func checkModelRun(
        data: TrainingData, options: ModelOptions, epochs: Int, learningRate: Double, snapshotEvery: Int, limits: Limits
    ) throws(WireError) -> Int {
        if let classes = options.classes, options.model == .softmax, classes >= 2 {
            let (weights, overflow) = data.features.multipliedReportingOverflow(by: classes)
            guard !overflow && weights <= limits.maxFeatures else {
                throw WireError.unprocessable(
                    "a softmax model of \(data.features) features × \(classes) classes holds more than the limit of \(limits.maxFeatures) "
                        + "weights (max-features)",
                    kind: "limit-exceeded", pointer: "/classes")
            }
        }
        let params = TrainingParams(
            epochs: epochs, learningRate: learningRate, seed: 0, snapshotEvery: snapshotEvery, samples: data.samples,
            features: data.features, options: options)
        let run: PreparedRun
        do throws(TrainingPlanError) {
            run = try data.prepare(plan: params.plan(), seed: 0)
        } catch {
            throw TrainOptionsRequest.wireError(error)
        }
        let weights = run.initial.features * run.initial.outputs
        guard weights <= limits.maxFeatures else {
            throw WireError.unprocessable(
                "a softmax model of \(run.initial.features) features × \(run.initial.outputs) classes holds more than the limit of "
                    + "\(limits.maxFeatures) weights (max-features)",
                kind: "limit-exceeded", pointer: options.classes == nil ? "/y" : "/classes")
        }
        return run.initial.outputs
    }

    static func validationDecoder(_ member: String, limits: Limits) -> NDArrayDecoder {
        NDArrayDecoder(
            member: "validation." + member, pointer: "/validation/" + member, allowNonFinite: false,
            maxElements: limits.maxTrainElements, limitFlag: "max-train-elements")
    }
}
