import Engine
import Storage
import Wire

/// The members of a `/train` body beyond the notebook's (`models.md`): `model`, `classes`, `l2`, `standardize`,
/// `optimizer`, `validation` and `early_stopping`, read with their types checked (400) into ``ModelOptions``.
///
/// Only names are checked here (`model`, `optimizer.name`: 422 at their pointer); every range and combination is the
/// engine's (``TrainingInput``), checked when the request's data is prepared against the plan.
struct TrainOptionsRequest {
    /// The options; ``ModelOptions/notebook`` when the body uses none of the members.
    let options: ModelOptions
    /// `validation: {"x": …, "y": …}`, still JSON (decoded with the training set's limits).
    let validationSet: (x: JSONValue, y: JSONValue)?

    static let members: Set<String> = ["model", "classes", "l2", "standardize", "optimizer", "validation", "early_stopping"]
    static let optimizerMembers: Set<String> = ["name", "batch_size", "beta1", "beta2", "eps", "momentum"]
    static let validationMembers: Set<String> = ["fraction", "stratified", "x", "y"]
    static let earlyStoppingMembers: Set<String> = ["patience", "min_delta"]

    /// Reads the option members of `body` (types, 400; names, 422).
    init(_ body: ObjectMembers) throws(WireError) {
        var options = ModelOptions()
        let modelName = try body.string("model")
        options.classes = try body.integer("classes")
        options.l2 = try body.number("l2") ?? 0
        options.standardize = try body.bool("standardize") ?? false
        var validationSet: (x: JSONValue, y: JSONValue)?
        if let optimizer = body.value("optimizer") {
            options.optimizer = try Self.optimizer(optimizer, pointer: body.pointer("optimizer"))
        }
        if let validation = body.value("validation") {
            let members = try ObjectMembers(validation, allowed: Self.validationMembers, pointer: body.pointer("validation"), name: "validation")
            let fraction = try members.number("fraction")
            let stratified = try members.bool("stratified")
            let x = members.value("x")
            let y = members.value("y")
            if let fraction {
                guard x == nil && y == nil else {
                    throw WireError.badRequest(
                        "give either 'fraction' or 'x' and 'y' in 'validation', not both", pointer: members.pointer("fraction"))
                }
                options.validation = ValidationFraction(fraction, stratified: stratified ?? true)
            } else {
                guard x != nil || y != nil else {
                    throw WireError.badRequest("missing member in 'validation': give 'fraction', or 'x' and 'y'", pointer: members.pointer)
                }
                guard let x else { throw members.missing("x") }
                guard let y else { throw members.missing("y") }
                if stratified != nil {
                    throw WireError.badRequest("'stratified' in 'validation' goes with 'fraction'", pointer: members.pointer("stratified"))
                }
                validationSet = (x, y)
            }
        }
        if let stopping = body.value("early_stopping") {
            let members = try ObjectMembers(
                stopping, allowed: Self.earlyStoppingMembers, pointer: body.pointer("early_stopping"), name: "early_stopping")
            let defaults = EarlyStoppingSettings()
            options.earlyStopping = EarlyStoppingSettings(
                patience: try members.integer("patience") ?? defaults.patience, minDelta: try members.number("min_delta") ?? defaults.minDelta)
        }
        if let modelName {
            guard let model = ModelKind(rawValue: modelName) else {
                let accepted = ModelKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
                throw WireError.unprocessable("'model' must be \(accepted), got '\(modelName)'", pointer: body.pointer("model"))
            }
            options.model = model
        }
        self.options = options
        self.validationSet = validationSet
    }

    /// `optimizer`: an object with `name` (default `gd`) and the settings the optimizer uses.
    static func optimizer(_ value: JSONValue, pointer: String) throws(WireError) -> OptimizerSettings {
        let members = try ObjectMembers(value, allowed: optimizerMembers, pointer: pointer, name: "optimizer")
        let name = try members.string("name")
        var settings = OptimizerSettings(
            .gd, batchSize: try members.integer("batch_size"), beta1: try members.number("beta1"), beta2: try members.number("beta2"),
            eps: try members.number("eps"), momentum: try members.number("momentum"))
        if let name {
            guard let parsed = OptimizerSettings.Name(rawValue: name) else {
                let accepted = OptimizerSettings.Name.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw WireError.unprocessable("'name' in 'optimizer' must be one of \(accepted), got '\(name)'", pointer: members.pointer("name"))
            }
            settings.name = parsed
        }
        return settings
    }

    /// A rule of the engine's broken by the request, as a 422 at the engine's pointer.
    static func wireError(_ error: TrainingPlanError) -> WireError {
        switch error {
        case .probabilityTarget(let pointer, _), .classID(let pointer, _, _):
            return .unprocessable(error.description, kind: "invalid-label", pointer: pointer)
        default:
            return .unprocessable(error.description, pointer: error.pointer)
        }
    }
}
