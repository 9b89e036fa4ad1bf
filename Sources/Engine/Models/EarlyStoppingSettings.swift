/// Early stopping on the validation loss (the training objective when there is no validation).
///
/// The run keeps the parameters the best monitored loss was measured on: with validation, those after the best epoch;
/// without, for full-batch `gd` those before the best epoch's step (its loss is theirs), and for a mini-batch optimizer
/// those after the best epoch (its loss is the mean of the epoch's batch losses). A loss counts as an improvement when it
/// is below the best so far minus `minDelta`; the first epoch always is.
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
