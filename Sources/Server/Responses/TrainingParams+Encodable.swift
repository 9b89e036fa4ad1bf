import Engine
import Storage

/// The `params` member of jobs and models. A notebook run's are what they have always been; a run with options adds
/// them under the `/train` body's names (`model`, `classes`, `l2`, `standardize`, `optimizer`, `validation`,
/// `early_stopping`, and `feature_names` for CSV data).
extension TrainingParams: Encodable {
    private enum CodingKeys: String, CodingKey {
        case epochs, seed, samples, features, precision
        case model, classes, l2, standardize, optimizer, validation
        case earlyStopping = "early_stopping"
        case featureNames = "feature_names"
        case learningRate = "learning_rate"
        case snapshotEvery = "snapshot_every"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(seed, forKey: .seed)
        try container.encode(snapshotEvery, forKey: .snapshotEvery)
        try container.encode(samples, forKey: .samples)
        try container.encode(features, forKey: .features)
        try container.encode(precision.rawValue, forKey: .precision)
        guard options != .notebook else { return }
        try container.encode(options.model.rawValue, forKey: .model)
        try container.encodeIfPresent(options.classes, forKey: .classes)
        try container.encode(options.l2, forKey: .l2)
        try container.encode(options.standardize, forKey: .standardize)
        try container.encode(OptimizerBody(options.optimizer), forKey: .optimizer)
        try container.encodeIfPresent(options.validation.map(ValidationBody.init), forKey: .validation)
        try container.encodeIfPresent(options.earlyStopping.map(EarlyStoppingBody.init), forKey: .earlyStopping)
        try container.encodeIfPresent(options.featureNames, forKey: .featureNames)
    }
}

/// `optimizer` in `params`: its name and the settings given (those left out take the engine's defaults).
private struct OptimizerBody: Encodable {
    let name: String
    let batch_size: Int?
    let beta1: Double?
    let beta2: Double?
    let eps: Double?
    let momentum: Double?

    init(_ settings: OptimizerSettings) {
        name = settings.name.rawValue
        batch_size = settings.batchSize
        beta1 = settings.beta1
        beta2 = settings.beta2
        eps = settings.eps
        momentum = settings.momentum
    }
}

/// `validation` in `params`: the fraction held out (an explicit validation set is data, not shown here).
private struct ValidationBody: Encodable {
    let fraction: Double
    let stratified: Bool

    init(_ validation: ValidationFraction) {
        fraction = validation.fraction
        stratified = validation.stratified
    }
}

/// `early_stopping` in `params`.
private struct EarlyStoppingBody: Encodable {
    let patience: Int
    let min_delta: Double

    init(_ settings: EarlyStoppingSettings) {
        patience = settings.patience
        min_delta = settings.minDelta
    }
}
