/// Where a ``ModelTrainer`` run stood after an epoch: everything it needs to go on with the bits of a run that never
/// stopped (the parameters, the optimizer's moments, the random stream, the early-stopping best).
///
/// The validation split and the standardisation are not stored: they are drawn and learned again from the seed and the
/// data, which gives the same values.
public struct ModelCheckpoint: Sendable, Equatable, Codable {
    /// Epochs finished.
    public let epoch: Int
    /// That epoch's training loss.
    public let loss: Double
    /// That epoch's validation loss, when there is validation.
    public let valLoss: Double?
    /// The parameters after that epoch.
    public let classifier: LinearClassifier
    /// The optimizer's step count and moments.
    public let optimizer: OptimizerState
    /// The run's random stream after that epoch's shuffles; nil on the notebook path, which draws nothing after its
    /// start.
    public let random: RandomState.State?
    /// The early-stopping tracker, when the run stops early.
    public let earlyStopping: EarlyStoppingState?

    public init(
        epoch: Int, loss: Double, valLoss: Double?, classifier: LinearClassifier, optimizer: OptimizerState, random: RandomState.State?,
        earlyStopping: EarlyStoppingState?
    ) {
        self.epoch = epoch
        self.loss = loss
        self.valLoss = valLoss
        self.classifier = classifier
        self.optimizer = optimizer
        self.random = random
        self.earlyStopping = earlyStopping
    }

    /// A notebook-path checkpoint.
    public init(_ checkpoint: TrainingCheckpoint) {
        self.init(
            epoch: checkpoint.epoch, loss: checkpoint.loss, valLoss: nil, classifier: LinearClassifier(checkpoint.model),
            optimizer: OptimizerState(), random: nil, earlyStopping: nil)
    }

    /// The notebook path's checkpoint, when this is a logistic checkpoint with nothing beyond the parameters.
    public var legacy: TrainingCheckpoint? {
        guard random == nil, earlyStopping == nil, let model = classifier.logistic else { return nil }
        return TrainingCheckpoint(epoch: epoch, model: model, loss: loss)
    }
}
