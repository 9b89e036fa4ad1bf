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
