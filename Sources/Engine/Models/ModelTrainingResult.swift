/// The parameters and losses of one epoch, as a run's history keeps them every `snapshotEvery` epochs.
///
/// With `gd`, `weights`/`bias` are taken before the epoch's update (where the notebook prints) and `loss` is theirs;
/// with a mini-batch optimizer they are the parameters after the epoch and `loss` is the mean of its batches' losses.
/// `valLoss` is measured after the epoch.
public struct ModelSnapshot: Sendable, Equatable, Codable {
    /// The 1-based epoch.
    public let epoch: Int
    /// The training objective: mean cross-entropy plus `λ/2·‖w‖²`.
    public let loss: Double
    /// The mean cross-entropy on the validation rows (no penalty), when there is validation.
    public let valLoss: Double?
    /// `W`, d×o row-major.
    public let weights: [Double]
    /// `b`, o values.
    public let bias: [Double]

    public init(epoch: Int, loss: Double, valLoss: Double?, weights: [Double], bias: [Double]) {
        self.epoch = epoch
        self.loss = loss
        self.valLoss = valLoss
        self.weights = weights
        self.bias = bias
    }
}

/// What ``ModelTrainer`` reports after each epoch.
public struct ModelEpochReport: Sendable {
    /// The epoch just finished, 1-based.
    public let epoch: Int
    /// Its training objective (see ``ModelSnapshot``).
    public let loss: Double
    /// Its validation loss, when there is validation.
    public let valLoss: Double?
    /// The snapshot taken at this epoch, if any.
    public let snapshot: ModelSnapshot?
    /// The state to resume from after this epoch. It shares the run's buffers, so it costs nothing unless kept.
    public let checkpoint: ModelCheckpoint
}

/// The outcome of a finished ``ModelTrainer`` run.
public struct ModelTrainingResult: Sendable {
    /// The model to predict with: the final parameters (the best ones when the run stops early) and the scaling.
    public let model: FittedModel
    /// Snapshots in epoch order (on a resumed run, only those after the checkpoint).
    public let history: [ModelSnapshot]
    /// The training objective of the last epoch run.
    public let lastEpochLoss: Double
    /// Epochs run (fewer than planned when the run stopped early).
    public let epochsRun: Int
    /// The epoch whose parameters the model holds, when the run had early stopping.
    public let bestEpoch: Int?
    /// Whether early stopping ended the run before its last epoch.
    public let stoppedEarly: Bool
    /// The model measured on the training rows.
    public let metrics: ClassificationMetrics
    /// The model measured on the validation rows, when there are any.
    public let validationMetrics: ClassificationMetrics?
    /// The notebook path's own result, when the run took it.
    public let legacy: TrainingResult?
}
