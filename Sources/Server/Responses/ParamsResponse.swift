/// The `params` member of jobs and models.
struct ParamsResponse: Codable, Equatable {
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

    init(_ params: TrainingParams) {
        epochs = params.epochs
        learningRate = params.learningRate
        seed = params.seed
        snapshotEvery = params.snapshotEvery
        samples = params.samples
        features = params.features
    }
}
