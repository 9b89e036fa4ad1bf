import Engine

/// A running job's last checkpoint, as a store keeps it: the notebook path's ``TrainingCheckpoint`` (`w`, `b`, loss),
/// or a ``ModelTrainer`` run's ``ModelCheckpoint`` (parameters, optimizer moments, random stream, early-stopping best).
///
/// Stores keep both forms in `job_checkpoint`'s `epoch`, `weights`, `bias` and `loss` columns (for a model
/// checkpoint, the classifier's d×o weights and o biases); a model checkpoint is also kept whole as JSON in `state`,
/// which a read prefers. A notebook checkpoint's row is what it has always been (`state` NULL).
public enum JobCheckpoint: Sendable, Equatable {
    case notebook(TrainingCheckpoint)
    case model(ModelCheckpoint)

    /// Epochs finished.
    public var epoch: Int {
        switch self {
        case .notebook(let checkpoint): checkpoint.epoch
        case .model(let checkpoint): checkpoint.epoch
        }
    }

    /// That epoch's training loss.
    public var loss: Double {
        switch self {
        case .notebook(let checkpoint): checkpoint.loss
        case .model(let checkpoint): checkpoint.loss
        }
    }

    /// The checkpoint for ``ModelTrainer``'s `resuming:` (a notebook checkpoint through ``ModelCheckpoint/init(_:)``).
    public var modelCheckpoint: ModelCheckpoint {
        switch self {
        case .notebook(let checkpoint): ModelCheckpoint(checkpoint)
        case .model(let checkpoint): checkpoint
        }
    }

    /// The checkpoint for ``GradientDescent``'s `resuming:`, when it is one (``ModelCheckpoint/legacy``).
    public var trainingCheckpoint: TrainingCheckpoint? {
        switch self {
        case .notebook(let checkpoint): checkpoint
        case .model(let checkpoint): checkpoint.legacy
        }
    }
}
