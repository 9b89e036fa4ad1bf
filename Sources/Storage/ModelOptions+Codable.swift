import Engine

/// The JSON a store keeps ``ModelOptions`` as: the `/train` body's member names (`model`, `classes`, `l2`,
/// `standardize`, `optimizer` {`name`, `batch_size`, `beta1`, `beta2`, `eps`, `momentum`}, `validation`
/// {`fraction`, `stratified`}, `early_stopping` {`patience`, `min_delta`}, `feature_names`). Members at their
/// default are still written; a missing member decodes as its default, so older JSON stays readable.
extension ModelOptions: Codable {
    private enum Key: String, CodingKey {
        case model, classes, l2, standardize, optimizer, validation
        case earlyStopping = "early_stopping"
        case featureNames = "feature_names"
    }

    private enum OptimizerKey: String, CodingKey {
        case name, beta1, beta2, eps, momentum
        case batchSize = "batch_size"
    }

    private enum ValidationKey: String, CodingKey {
        case fraction, stratified
    }

    private enum EarlyStoppingKey: String, CodingKey {
        case patience
        case minDelta = "min_delta"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init()
        model = try container.decodeIfPresent(ModelKind.self, forKey: .model) ?? .logistic
        classes = try container.decodeIfPresent(Int.self, forKey: .classes)
        l2 = try container.decodeIfPresent(Double.self, forKey: .l2) ?? 0
        standardize = try container.decodeIfPresent(Bool.self, forKey: .standardize) ?? false
        if container.contains(.optimizer) {
            let optimizer = try container.nestedContainer(keyedBy: OptimizerKey.self, forKey: .optimizer)
            self.optimizer = OptimizerSettings(
                try optimizer.decodeIfPresent(OptimizerSettings.Name.self, forKey: .name) ?? .gd,
                batchSize: try optimizer.decodeIfPresent(Int.self, forKey: .batchSize),
                beta1: try optimizer.decodeIfPresent(Double.self, forKey: .beta1),
                beta2: try optimizer.decodeIfPresent(Double.self, forKey: .beta2),
                eps: try optimizer.decodeIfPresent(Double.self, forKey: .eps),
                momentum: try optimizer.decodeIfPresent(Double.self, forKey: .momentum))
        }
        if container.contains(.validation), try !container.decodeNil(forKey: .validation) {
            let validation = try container.nestedContainer(keyedBy: ValidationKey.self, forKey: .validation)
            self.validation = ValidationFraction(
                try validation.decode(Double.self, forKey: .fraction),
                stratified: try validation.decodeIfPresent(Bool.self, forKey: .stratified) ?? true)
        }
        if container.contains(.earlyStopping), try !container.decodeNil(forKey: .earlyStopping) {
            let stopping = try container.nestedContainer(keyedBy: EarlyStoppingKey.self, forKey: .earlyStopping)
            earlyStopping = EarlyStoppingSettings(
                patience: try stopping.decode(Int.self, forKey: .patience), minDelta: try stopping.decode(Double.self, forKey: .minDelta))
        }
        featureNames = try container.decodeIfPresent([String].self, forKey: .featureNames)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(classes, forKey: .classes)
        try container.encode(l2, forKey: .l2)
        try container.encode(standardize, forKey: .standardize)
        var optimizer = container.nestedContainer(keyedBy: OptimizerKey.self, forKey: .optimizer)
        try optimizer.encode(self.optimizer.name, forKey: .name)
        try optimizer.encodeIfPresent(self.optimizer.batchSize, forKey: .batchSize)
        try optimizer.encodeIfPresent(self.optimizer.beta1, forKey: .beta1)
        try optimizer.encodeIfPresent(self.optimizer.beta2, forKey: .beta2)
        try optimizer.encodeIfPresent(self.optimizer.eps, forKey: .eps)
        try optimizer.encodeIfPresent(self.optimizer.momentum, forKey: .momentum)
        if let validation {
            var nested = container.nestedContainer(keyedBy: ValidationKey.self, forKey: .validation)
            try nested.encode(validation.fraction, forKey: .fraction)
            try nested.encode(validation.stratified, forKey: .stratified)
        }
        if let earlyStopping {
            var nested = container.nestedContainer(keyedBy: EarlyStoppingKey.self, forKey: .earlyStopping)
            try nested.encode(earlyStopping.patience, forKey: .patience)
            try nested.encode(earlyStopping.minDelta, forKey: .minDelta)
        }
        try container.encodeIfPresent(featureNames, forKey: .featureNames)
    }
}
