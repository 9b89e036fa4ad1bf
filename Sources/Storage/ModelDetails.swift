import Engine

/// What a model trained beyond the notebook reports besides its `metrics`' loss and accuracy (`models.md`): the full
/// metrics on the training rows and, with validation, on the validation rows; where early stopping left it; its class
/// count; and the CSV feature names it predicts from. Kept as JSON in the model's `details` column (NULL for a
/// notebook model).
public struct ModelDetails: Sendable, Equatable, Codable {
    /// `metrics`: measured on the training rows.
    public var metrics: ClassificationMetrics
    /// `val_metrics`: measured on the validation rows, when there were any.
    public var validationMetrics: ClassificationMetrics?
    /// `best_epoch`: the epoch whose parameters the model holds, when the run had early stopping.
    public var bestEpoch: Int?
    /// `stopped_early`.
    public var stoppedEarly: Bool
    /// k: 2 for logistic.
    public var classes: Int
    /// The feature columns' names in `x`'s order, when the data came as CSV.
    public var featureNames: [String]?

    public init(
        metrics: ClassificationMetrics, validationMetrics: ClassificationMetrics? = nil, bestEpoch: Int? = nil, stoppedEarly: Bool = false,
        classes: Int, featureNames: [String]? = nil
    ) {
        self.metrics = metrics
        self.validationMetrics = validationMetrics
        self.bestEpoch = bestEpoch
        self.stoppedEarly = stoppedEarly
        self.classes = classes
        self.featureNames = featureNames
    }

    /// The details of a finished run.
    public init(_ result: ModelTrainingResult, featureNames: [String]? = nil) {
        self.init(
            metrics: result.metrics, validationMetrics: result.validationMetrics, bestEpoch: result.bestEpoch,
            stoppedEarly: result.stoppedEarly, classes: result.model.classifier.classes, featureNames: featureNames)
    }
}
