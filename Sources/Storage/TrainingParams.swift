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
    /// What the request added to the notebook's run; jobs stored before options existed are ``ModelOptions/notebook``.
    public let options: ModelOptions

    public init(
        epochs: Int, learningRate: Double, seed: UInt32, snapshotEvery: Int, samples: Int, features: Int, precision: Precision = .exact,
        options: ModelOptions = .notebook
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.seed = seed
        self.snapshotEvery = snapshotEvery
        self.samples = samples
        self.features = features
        self.precision = precision
        self.options = options
    }

    /// The Engine plan these parameters train with: the options, epochs, learning rate, snapshot interval and
    /// precision, with `parallelism` threads. An explicit validation set is not in it: ``TrainingData/prepare(plan:seed:)``
    /// adds the job's.
    public func plan(parallelism: Int = 1) -> TrainingPlan {
        TrainingPlan(
            model: options.model, classes: options.classes, l2: options.l2, standardize: options.standardize, optimizer: options.optimizer,
            validation: options.planValidation, earlyStopping: options.earlyStopping, epochs: epochs, learningRate: learningRate,
            snapshotEvery: snapshotEvery, precision: precision, parallelism: parallelism)
    }
}
