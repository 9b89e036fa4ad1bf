import Engine
import Storage
import Wire

/// The body of `POST /train`, validated: a training set (given or to generate) and the job's options.
///
/// Exactly one of `x` with `y`, or `generate` (neither, both, or `x` without `y` is 400). Faults come in
/// this order: unknown members and wrong types (400), then ranges and shapes (422). The training-set size
/// is held to `maxTrainElements` before anything is allocated or generated.
struct TrainRequest {
    /// Given (already checked: 2-D `x`, matching `y`, labels in [0, 1], all finite), or to generate.
    let data: TrainingData
    let epochs: Int
    let learningRate: Double
    let seed: UInt32?
    let snapshotEvery: Int
    let name: String?
    let wait: Bool
    /// nil: the server's default (`--default-precision`).
    let precision: Precision?
    /// `model`, `classes`, `l2`, … (``TrainOptionsRequest``); ``ModelOptions/notebook`` when the body uses none.
    let options: ModelOptions

    static let members: Set<String> = Set([
        "x", "y", "generate", "epochs", "learning_rate", "seed", "snapshot_every", "name", "wait", "precision",
    ]).union(TrainOptionsRequest.members)
    static let defaultEpochs = 100
    static let defaultLearningRate = 0.01
    static let defaultSnapshotEvery = 10
    static let maxNameLength = 64

    /// With `csv`, the data is the CSV body's (the query gave the other members, and may not give `x`, `y` or
    /// `generate`); its feature names go into the options.
    init(json: JSONValue, limits: Limits, csv: CSVTrainingColumns? = nil) throws(WireError) {
        let body = try ObjectMembers(json, allowed: Self.members)

        // Types first (400).
        let epochs = try body.integer("epochs") ?? Self.defaultEpochs
        let learningRate = try body.number("learning_rate") ?? Self.defaultLearningRate
        let seed = try body.integer("seed")
        let snapshotEvery = try body.integer("snapshot_every") ?? Self.defaultSnapshotEvery
        let name = try body.string("name")
        let wait = try body.bool("wait") ?? false
        let precisionName = try body.string("precision")
        let hasX = body.has("x")
        let hasY = body.has("y")
        let generate = body.value("generate")
        if csv != nil, let member = ["x", "y", "generate"].first(where: body.has) {
            throw WireError.badRequest("'\(member)' does not go with a CSV body: the body is the data", pointer: body.pointer(member))
        }
        if csv == nil && generate != nil && (hasX || hasY) {
            throw WireError.badRequest("give either 'x' and 'y' or 'generate', not both", pointer: body.pointer("generate"))
        }
        if generate == nil && csv == nil {
            guard hasX || hasY else { throw WireError.badRequest("missing member: give 'x' and 'y', or 'generate'") }
            guard hasX else { throw body.missing("x") }
            guard hasY else { throw body.missing("y") }
        }
        var generateSize: (samples: Int, features: Int)?
        if let generate {
            let members = try ObjectMembers(generate, allowed: ["samples", "features"], pointer: body.pointer("generate"), name: "generate")
            guard let samples = try members.integer("samples") else { throw members.missing("samples") }
            guard let features = try members.integer("features") else { throw members.missing("features") }
            generateSize = (samples, features)
        }

        // The options' types (400), then their names (422: the first values checked).
        let optionsRequest = try TrainOptionsRequest(body)
        var options = optionsRequest.options
        if let csv { options.featureNames = csv.featureNames }
        // Anything beyond the notebook's run (options, or a validation set) trains through the model trainer.
        let modelRun = !options.isNotebook || optionsRequest.validationSet != nil

        // Values (422).
        guard epochs >= 1 && epochs <= limits.maxEpochs else {
            throw WireError.unprocessable(
                "'epochs' must be between 1 and \(limits.maxEpochs) (max-epochs), got \(body.sent("epochs"))", pointer: body.pointer("epochs"))
        }
        guard learningRate.isFinite && learningRate > 0 else {
            throw WireError.unprocessable(
                "'learning_rate' must be a finite number greater than 0, got \(NDArrayDecoder.spelling(learningRate))",
                pointer: body.pointer("learning_rate"))
        }
        if let seed, seed < 0 || seed > Int(UInt32.max) {
            throw WireError.unprocessable("Seed must be between 0 and 2**32 - 1", pointer: body.pointer("seed"))
        }
        guard snapshotEvery >= 0 else {
            throw WireError.unprocessable(
                "'snapshot_every' must be 0 (no history) or more, got \(body.sent("snapshot_every"))", pointer: body.pointer("snapshot_every"))
        }
        let snapshots = snapshotEvery == 0 ? 0 : epochs / snapshotEvery
        guard snapshots <= limits.maxSnapshots else {
            throw WireError.unprocessable(
                "\(epochs) epochs with 'snapshot_every' \(snapshotEvery) record \(snapshots) snapshots, more than the limit of "
                    + "\(limits.maxSnapshots) (max-snapshots)",
                kind: "limit-exceeded", pointer: body.pointer("snapshot_every"))
        }
        if let name { try Self.checkName(name, pointer: body.pointer("name")) }
        let precision = try precisionName.map { name throws(WireError) in try Self.precision(name, pointer: body.pointer("precision")) }
        if modelRun && precision == .fast {
            throw WireError.unprocessable(
                "'precision' 'fast' is only for the notebook's model (logistic, full-batch gd, no l2, standardize, validation or "
                    + "early_stopping); leave it out or give 'exact'",
                pointer: body.pointer("precision"))
        }

        if let generateSize {
            let pointer = body.pointer("generate")
            for (member, size) in [("samples", generateSize.samples), ("features", generateSize.features)] where size < 1 {
                throw WireError.unprocessable(
                    "'\(member)' in 'generate' must be at least 1, got \(size)", pointer: JSONPointer.member(pointer, member))
            }
            let (count, overflow) = generateSize.samples.multipliedReportingOverflow(by: generateSize.features)
            guard !overflow && count <= limits.maxTrainElements else {
                let size = overflow ? "too many" : "\(count)"
                throw WireError.unprocessable(
                    "a training set of \(generateSize.samples) × \(generateSize.features) = \(size) elements is more than the limit of "
                        + "\(limits.maxTrainElements) (max-train-elements)",
                    kind: "limit-exceeded", pointer: pointer)
            }
            try Self.checkFeatures(generateSize.features, limits: limits, pointer: JSONPointer.member(pointer, "features"))
            data = .generate(samples: generateSize.samples, features: generateSize.features)
        } else if let csv {
            data = try Self.trainingData(csv, modelRun: modelRun, limits: limits)
        } else {
            guard let xValue = body.value("x"), let yValue = body.value("y") else { throw body.missing("x") }
            if modelRun {
                data = .table(try Self.decodeTrainingTable(x: xValue, y: yValue, validation: optionsRequest.validationSet, limits: limits))
            } else {
                data = .given(try Self.decodeTrainingSet(x: xValue, y: yValue, limits: limits))
            }
        }
        self.epochs = epochs
        self.learningRate = learningRate
        self.seed = seed.map { UInt32($0) }
        self.snapshotEvery = snapshotEvery
        self.name = name
        self.wait = wait
        self.precision = precision
        self.options = options
        if modelRun {
            let outputs = try Self.checkModelRun(
                data: data, options: options, epochs: epochs, learningRate: learningRate, snapshotEvery: snapshotEvery, limits: limits)
            // A snapshot holds d×o weights and o biases (and a validation loss).
            try Self.checkHistorySize(epochs: epochs, snapshotEvery: snapshotEvery, features: data.features * outputs + outputs, limits: limits)
        } else {
            try Self.checkHistorySize(epochs: epochs, snapshotEvery: snapshotEvery, features: data.features, limits: limits)
        }
    }

    /// The job in the job layer's terms; without a `precision` in the request it trains with `defaultPrecision`.
    func submission(defaultPrecision: Precision) -> JobSubmission {
        // The server's default precision is for the notebook's runs; the model trainer's runs are exact.
        let isNotebook = options.isNotebook && !data.hasValidationSet
        return JobSubmission(
            name: name, data: data, epochs: epochs, learningRate: learningRate, seed: seed, snapshotEvery: snapshotEvery,
            precision: precision ?? (isNotebook ? defaultPrecision : .exact), options: options)
    }

    /// `"exact"` or `"fast"` (422 otherwise).
    static func precision(_ name: String, pointer: String) throws(WireError) -> Precision {
        guard let precision = Precision(rawValue: name) else {
            let accepted = Precision.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw WireError.unprocessable("'precision' must be \(accepted), got '\(name)'", pointer: pointer)
        }
        return precision
    }

    /// The history holds `snapshots × (features + 3)` numbers; it is held to `--max-train-elements` like the data, so a
    /// wide model with many snapshots cannot make a job allocate without bound.
    static func checkHistorySize(epochs: Int, snapshotEvery: Int, features: Int, limits: Limits) throws(WireError) {
        guard snapshotEvery > 0 else { return }
        let snapshots = epochs / snapshotEvery
        let (size, overflow) = snapshots.multipliedReportingOverflow(by: features + 3)
        guard overflow || size > limits.maxTrainElements else { return }
        throw WireError.unprocessable(
            "\(snapshots) snapshots of \(features) weights hold more than the limit of \(limits.maxTrainElements) numbers "
                + "(--max-train-elements); raise 'snapshot_every'",
            kind: "limit-exceeded", pointer: "/snapshot_every"
        )
    }

    /// Names appear in URLs: 1 to 64 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit, and not shaped
    /// like a model id (`mdl_…`).
    static func checkName(_ name: String, pointer: String) throws(WireError) {
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        let startsWell = bytes.first.map { byte in
            byte != UInt8(ascii: ".") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-")
        } ?? false
        guard allowed && startsWell && bytes.count <= maxNameLength else {
            throw WireError.unprocessable(
                "'name' must be 1 to \(maxNameLength) characters from A-Z a-z 0-9 . _ - starting with a letter or digit",
                pointer: pointer)
        }
        guard !name.hasPrefix(ModelRegistry.idPrefix) && !name.hasPrefix(JobRunner.idPrefix) else {
            throw WireError.unprocessable(
                "'name' must not start with '\(ModelRegistry.idPrefix)' or '\(JobRunner.idPrefix)' (those are ids)", pointer: pointer)
        }
    }

    /// A model's weights are one number per feature: at most `--max-features` (422 `limit-exceeded` past it).
    static func checkFeatures(_ features: Int, limits: Limits, pointer: String) throws(WireError) {
        guard features <= limits.maxFeatures else {
            throw WireError.unprocessable(
                "a model of \(features) features is more than the limit of \(limits.maxFeatures) (max-features)",
                kind: "limit-exceeded", pointer: pointer)
        }
    }

    /// Decodes `x` and `y` (all finite, within `--max-train-elements`) and makes them a training set, whose rules
    /// (shapes, labels in [0, 1]) are the engine's; its typed error becomes a 422 pointing at the member.
    static func decodeTrainingSet(x xValue: JSONValue, y yValue: JSONValue, limits: Limits) throws(WireError) -> TrainingSet {
        let x = try decoder("x", limits: limits).decode(xValue)
        let y = try decoder("y", limits: limits).decode(yValue)
        let set: TrainingSet
        do {
            set = try TrainingSet(x: x, y: y)
        } catch {
            throw wireError(error, yShape: y.shape)
        }
        try checkFeatures(set.features, limits: limits, pointer: "/x")
        return set
    }

    /// A training-set rule broken by the request's `x` or `y`, in the wire's terms (JSON shapes, pointers).
    static func wireError(_ error: TrainingSetError, yShape: [Int]) -> WireError {
        switch error {
        case .xNotMatrix(let shape):
            return .unprocessable(
                "'x' must be a 2-D array (samples × features), got shape \(ShapeDecoder.describe(shape))", pointer: "/x")
        case .empty(let shape):
            return .unprocessable(
                "'x' must have at least one sample and one feature, got shape \(ShapeDecoder.describe(shape))", pointer: "/x")
        case .yShape(let x, let y):
            return .unprocessable(
                "'y' must have shape [\(x[0])] or [\(x[0]), 1] to match 'x', got \(ShapeDecoder.describe(y))", pointer: "/y")
        case .label(let index, let value):
            let pointer = JSONPointer.element("/y", flatIndex: index, shape: yShape)
            return .unprocessable(
                "labels in 'y' must be between 0 and 1: \(pointer) is \(NDArrayDecoder.spelling(value))",
                kind: "invalid-label", pointer: pointer)
        }
    }

    static func decoder(_ member: String, limits: Limits) -> NDArrayDecoder {
        NDArrayDecoder(
            member: member, pointer: "/" + member, allowNonFinite: false,
            maxElements: limits.maxTrainElements, limitFlag: "max-train-elements")
    }
}
