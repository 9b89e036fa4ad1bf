import Engine
import Storage

/// The `params` member of jobs and models.
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
    }
}
