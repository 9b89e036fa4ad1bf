import Engine
import Foundation

/// A trained model in the registry: its parameters, where it came from and how well it fits its training set.
///
/// Immutable once registered; copies share the weight buffer.
struct RegisteredModel: Sendable {
    let id: String
    /// The name it was trained under, if any; versions count per name.
    let name: String?
    /// 1 for the first model of a name (and for unnamed models), then 2, 3, …
    let version: Int
    let model: LogisticModel
    let jobID: String
    let createdAt: Date
    let params: TrainingParams
    let metrics: Evaluation

    /// How messages name this model: `churn v2`, or the id when it has no name.
    var label: String {
        if let name { return "\(name) v\(version)" }
        return id
    }
}

/// The training parameters a job ran with, as reported in jobs and models (the `params` member).
struct TrainingParams: Sendable, Equatable, Encodable {
    let epochs: Int
    let learningRate: Double
    let seed: UInt32
    let snapshotEvery: Int
    let samples: Int
    let features: Int

    enum CodingKeys: String, CodingKey {
        case epochs, seed, samples, features
        case learningRate = "learning_rate"
        case snapshotEvery = "snapshot_every"
    }
}
