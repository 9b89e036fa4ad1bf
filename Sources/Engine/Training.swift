/// How a gradient-descent run is configured.
public struct TrainingOptions: Sendable, Equatable {
    /// Full-batch epochs to run.
    public var epochs: Int
    /// The step size `lr` in `w -= lr·∂L/∂w`.
    public var learningRate: Double
    /// Record a ``Snapshot`` at every epoch that is a multiple of this; 0 records none.
    public var snapshotEvery: Int
    /// Threads an epoch may use for large n. Results are bit-identical whatever it is: the work is split
    /// into fixed chunks and their partial sums are added in chunk order.
    public var parallelism: Int
    /// The kernel: NumPy's bits, or the opt-in fast one.
    public var precision: Precision

    public init(
        epochs: Int = 100, learningRate: Double = 0.01, snapshotEvery: Int = 10, parallelism: Int = 1, precision: Precision = .exact
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.snapshotEvery = snapshotEvery
        self.parallelism = parallelism
        self.precision = precision
    }
}

/// The parameters and loss at epoch `epoch`, taken before that epoch's update — where the notebook prints.
public struct Snapshot: Sendable, Equatable {
    /// The 1-based epoch.
    public let epoch: Int
    /// The mean binary cross-entropy of that epoch's forward pass.
    public let loss: Double
    public let weights: [Double]
    public let bias: Double

    public init(epoch: Int, loss: Double, weights: [Double], bias: Double) {
        self.epoch = epoch
        self.loss = loss
        self.weights = weights
        self.bias = bias
    }
}

/// What the engine reports after each epoch.
public struct EpochReport: Sendable {
    /// The epoch just finished, 1-based.
    public let epoch: Int
    /// The mean binary cross-entropy of its forward pass.
    public let loss: Double
    /// The snapshot taken at this epoch, if it is a multiple of `snapshotEvery`.
    public let snapshot: Snapshot?
    /// The parameters after this epoch's update. The report shares the run's weight buffer, so it costs nothing
    /// unless kept past the callback (then the run's next update copies the `d` weights once).
    public let model: LogisticModel

    /// The state to resume from after this epoch.
    public var checkpoint: TrainingCheckpoint { TrainingCheckpoint(epoch: epoch, model: model, loss: loss) }
}

/// Where a run stood after an epoch: enough to go on from there with the same bits as if it had never stopped.
public struct TrainingCheckpoint: Sendable, Equatable {
    /// Epochs finished.
    public let epoch: Int
    /// The parameters after that epoch's update.
    public let model: LogisticModel
    /// That epoch's loss (before its update).
    public let loss: Double

    public init(epoch: Int, model: LogisticModel, loss: Double) {
        self.epoch = epoch
        self.model = model
        self.loss = loss
    }
}

/// The answer of a progress callback: go on, or stop at this epoch boundary.
public enum TrainingControl: Sendable {
    case proceed
    case stop
}

/// How well a model fits a training set.
public struct Evaluation: Sendable, Equatable {
    /// Mean binary cross-entropy.
    public let loss: Double
    /// Share of rows where `p ≥ 0.5` agrees with `y ≥ 0.5`.
    public let accuracy: Double

    public init(loss: Double, accuracy: Double) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// The outcome of a finished run.
public struct TrainingResult: Sendable {
    /// The parameters after the last update.
    public let model: LogisticModel
    /// Snapshots in epoch order.
    public let history: [Snapshot]
    /// The loss of the last epoch's forward pass (before its update).
    public let lastEpochLoss: Double
    /// The final model measured on the training set.
    public let evaluation: Evaluation
}

/// Why a run ended without a result.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The progress callback asked to stop after this many epochs.
    case cancelled(afterEpochs: Int)
    /// The loss or a parameter stopped being finite at this epoch (the learning rate is usually too large).
    case nonFinite(epoch: Int)
    /// The run ended with a higher loss than it started from (the learning rate is too large).
    case diverged(initialLoss: Double, finalLoss: Double)

    public var description: String {
        switch self {
        case .cancelled(let epochs): "cancelled after \(epochs) epochs"
        case .nonFinite(let epoch): "the loss or a parameter became non-finite at epoch \(epoch); try a smaller learning_rate"
        case .diverged(let initial, let final):
            "training diverged: the loss rose from \(initial) to \(final); try a smaller learning_rate"
        }
    }
}
