/// Everything a `/train` run may ask for beyond the data: the model, penalty, scaling, optimizer, validation and early
/// stopping, with the notebook's run as the default.
///
/// A plan whose ``usesOnlyNotebookFeatures`` is true trains through ``GradientDescent`` exactly as before.
public struct TrainingPlan: Sendable, Equatable {
    /// The model; logistic by default.
    public var model: ModelKind
    /// Softmax only: k ≥ 2; nil takes `max(y) + 1` (and 2 when every target is 0).
    public var classes: Int?
    /// λ ≥ 0: the objective is the mean cross-entropy plus `λ/2·‖w‖²` (the bias is not penalised).
    public var l2: Double
    /// Learn per-feature mean and population std on the training rows, train on the scaled features, and keep them
    /// with the model for prediction.
    public var standardize: Bool
    /// How each step is taken.
    public var optimizer: OptimizerSettings
    /// Rows held out to measure the model on, if any.
    public var validation: ValidationSettings?
    /// Stop when the monitored loss stops improving, and keep the best parameters.
    public var earlyStopping: EarlyStoppingSettings?
    /// Epochs (passes over the training rows).
    public var epochs: Int
    /// The step size.
    public var learningRate: Double
    /// Record a ``ModelSnapshot`` at every epoch that is a multiple of this; 0 records none.
    public var snapshotEvery: Int
    /// The notebook path's kernel (``Precision/fast`` is honoured only there; the new trainer's kernel is exact Swift).
    public var precision: Precision
    /// Threads a pass may use when the run is given no ``EpochThreads``; the result has the same bits whatever it is.
    public var parallelism: Int

    public init(
        model: ModelKind = .logistic, classes: Int? = nil, l2: Double = 0, standardize: Bool = false,
        optimizer: OptimizerSettings = OptimizerSettings(), validation: ValidationSettings? = nil,
        earlyStopping: EarlyStoppingSettings? = nil, epochs: Int = 100, learningRate: Double = 0.01, snapshotEvery: Int = 10,
        precision: Precision = .exact, parallelism: Int = 1
    ) {
        self.model = model
        self.classes = classes
        self.l2 = l2
        self.standardize = standardize
        self.optimizer = optimizer
        self.validation = validation
        self.earlyStopping = earlyStopping
        self.epochs = epochs
        self.learningRate = learningRate
        self.snapshotEvery = snapshotEvery
        self.precision = precision
        self.parallelism = parallelism
    }

    /// True when the plan asks for nothing the notebook did not do: logistic, full-batch `gd`, no penalty, no scaling,
    /// no validation, no early stopping. Such a run goes through ``GradientDescent`` unchanged.
    public var usesOnlyNotebookFeatures: Bool {
        model == .logistic && classes == nil && l2 == 0 && !standardize && optimizer.name == .gd && optimizer.batchSize == nil
            && validation == nil && earlyStopping == nil
    }

    /// The `TrainingOptions` of the notebook path.
    var legacyOptions: TrainingOptions {
        TrainingOptions(epochs: epochs, learningRate: learningRate, snapshotEvery: snapshotEvery, parallelism: parallelism, precision: precision)
    }
}
