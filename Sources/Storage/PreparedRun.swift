import Engine

/// What ``ModelTrainer/train(_:initial:random:resuming:threads:onEpoch:)`` needs to run a stored job, from
/// ``TrainingData/prepare(plan:seed:)``: the checked input, the initial parameters, and the random stream after them
/// (and after generated data).
public struct PreparedRun: Sendable {
    /// The data checked against the plan (with the job's explicit validation set, if any).
    public let input: TrainingInput
    /// The initial parameters, drawn first from `RandomState(seed)`.
    public let initial: LinearClassifier
    /// The stream the split and the mini-batches are drawn from.
    public let random: RandomState
}
