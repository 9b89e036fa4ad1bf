/// Which model a run trains.
public enum ModelKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Binary logistic regression: `w` (d), `b`, `σ(x·w + b)`, mean binary cross-entropy; targets in [0, 1].
    case logistic
    /// Softmax (multinomial) regression: `W` (d×k), `b` (k), mean cross-entropy; targets are class ids 0…k−1.
    case softmax
}

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

/// An optimizer by name, with its settings; members an optimizer does not use must be nil.
public struct OptimizerSettings: Sendable, Equatable {
    /// The optimizers a run can use.
    public enum Name: String, Sendable, Equatable, Codable, CaseIterable {
        /// Full-batch gradient descent (the default).
        case gd
        /// Mini-batch stochastic gradient descent.
        case sgd
        /// Mini-batch SGD with classical momentum: `v ← μ·v − lr·g`, `θ ← θ + v`.
        case momentum
        /// Adam (Kingma & Ba) with bias correction: `θ ← θ − lr·m̂/(√v̂ + ε)`.
        case adam

        /// Whether the optimizer draws mini-batches.
        public var usesBatches: Bool { self != .gd }
    }

    /// The mini-batch size the mini-batch optimizers use when none is given (capped at the training rows).
    public static let defaultBatchSize = 32

    public var name: Name
    /// Rows per mini-batch (sgd, momentum, adam); nil: ``defaultBatchSize`` or n when smaller.
    public var batchSize: Int?
    /// Adam's first-moment decay; nil: 0.9.
    public var beta1: Double?
    /// Adam's second-moment decay; nil: 0.999.
    public var beta2: Double?
    /// Adam's ε; nil: 1e-8.
    public var eps: Double?
    /// The momentum coefficient μ; nil: 0.9.
    public var momentum: Double?

    public init(
        _ name: Name = .gd, batchSize: Int? = nil, beta1: Double? = nil, beta2: Double? = nil, eps: Double? = nil, momentum: Double? = nil
    ) {
        self.name = name
        self.batchSize = batchSize
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.momentum = momentum
    }

    /// The batch size a run on `rows` training rows uses.
    func effectiveBatchSize(rows: Int) -> Int {
        name.usesBatches ? (batchSize ?? min(Self.defaultBatchSize, rows)) : rows
    }
}

/// Which rows a run measures itself on, besides the training rows.
public enum ValidationSettings: Sendable, Equatable {
    /// Hold out this share of the rows, drawn from the run's `RandomState` after the initial parameters; stratified
    /// by class (each class gives `round(fraction·count)` of its rows) unless `stratified` is false.
    case fraction(Double, stratified: Bool = true)
    /// A separate validation set, in the same form as the training data.
    case set(x: NDArray, y: NDArray)
}

/// Early stopping on the validation loss (the training objective when there is no validation).
public struct EarlyStoppingSettings: Sendable, Equatable {
    /// Epochs without an improvement of more than `minDelta` before the run stops (≥ 1).
    public var patience: Int
    /// The least decrease that counts as an improvement (≥ 0).
    public var minDelta: Double

    public init(patience: Int = 10, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }
}
