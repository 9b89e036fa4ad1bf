import Engine

/// What a `/train` body may add to the notebook's run (`models.md`): the model, penalty, scaling, optimizer, validation
/// fraction, early stopping, and the CSV header's feature names. A job and its model keep them in their
/// ``TrainingParams/options``; ``notebook`` (the default) is a body that uses none of them.
///
/// Stores keep it as one JSON text column (`options`), NULL for ``notebook`` (so rows written before it existed read
/// as the notebook's options); see `ModelOptions+Codable.swift` for the JSON.
public struct ModelOptions: Sendable, Equatable {
    /// `model`: logistic (default) or softmax.
    public var model: ModelKind
    /// `classes`: softmax's k, or nil for `max(y) + 1`.
    public var classes: Int?
    /// `l2`: λ ≥ 0.
    public var l2: Double
    /// `standardize`.
    public var standardize: Bool
    /// `optimizer`: gd (full batch, the default), sgd, momentum or adam, with their settings.
    public var optimizer: OptimizerSettings
    /// `validation: {"fraction": …}`; nil for none or for an explicit set (which is in the job's data).
    public var validation: ValidationFraction?
    /// `early_stopping`.
    public var earlyStopping: EarlyStoppingSettings?
    /// The feature columns' names, in `x`'s column order, when the data came as CSV (for predicting from CSV).
    public var featureNames: [String]?

    public init(
        model: ModelKind = .logistic, classes: Int? = nil, l2: Double = 0, standardize: Bool = false,
        optimizer: OptimizerSettings = OptimizerSettings(), validation: ValidationFraction? = nil,
        earlyStopping: EarlyStoppingSettings? = nil, featureNames: [String]? = nil
    ) {
        self.model = model
        self.classes = classes
        self.l2 = l2
        self.standardize = standardize
        self.optimizer = optimizer
        self.validation = validation
        self.earlyStopping = earlyStopping
        self.featureNames = featureNames
    }

    /// No options: the notebook's binary logistic regression by full-batch gradient descent.
    public static let notebook = ModelOptions()

    /// Whether a plan with these options takes the notebook's path (``TrainingPlan/usesOnlyNotebookFeatures``):
    /// logistic, full-batch gd, no penalty, scaling, validation fraction or early stopping. ``featureNames`` do not
    /// change the path. Data with an explicit validation set (``TrainingTable/validation``) leaves it too.
    public var isNotebook: Bool {
        model == .logistic && classes == nil && l2 == 0 && !standardize && optimizer.name == .gd && optimizer.batchSize == nil
            && validation == nil && earlyStopping == nil
    }

    /// The validation settings of a ``TrainingPlan``: the fraction, if any.
    var planValidation: ValidationSettings? {
        validation.map { .fraction($0.fraction, stratified: $0.stratified) }
    }
}
