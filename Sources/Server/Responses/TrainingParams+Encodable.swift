import Engine
import Storage

/// The `params` member of jobs and models. A notebook run's are what they have always been; a run with options adds
/// them under the `/train` body's names (`model`, `classes`, `l2`, `standardize`, `optimizer`, `validation`,
/// `early_stopping`, and `feature_names` for CSV data).
extension TrainingParams: Encodable {
    private enum CodingKeys: String, CodingKey {
        case epochs, seed, samples, features, precision
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
        // The options' own encoding (Storage's, under the `/train` body's names) adds its members beside these.
        try options.encode(to: encoder)
    }
}
