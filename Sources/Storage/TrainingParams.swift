import Engine

/// The training parameters a job runs with, as its job and its model report them.
public struct TrainingParams: Sendable, Equatable {
    public let epochs: Int
    public let learningRate: Double
    /// The seed actually used: the request's, or one drawn for it.
    public let seed: UInt32
    public let snapshotEvery: Int
    public let samples: Int
    public let features: Int
    /// The kernel the job trains with; jobs stored before precision existed trained exactly.
    public let precision: Precision

    public init(
        epochs: Int, learningRate: Double, seed: UInt32, snapshotEvery: Int, samples: Int, features: Int, precision: Precision = .exact
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.seed = seed
        self.snapshotEvery = snapshotEvery
        self.samples = samples
        self.features = features
        self.precision = precision
    }
}
