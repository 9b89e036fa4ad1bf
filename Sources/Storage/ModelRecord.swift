import Engine
import Foundation

/// A trained model as the store keeps it: immutable once committed; copies share the weight buffer.
public struct ModelRecord: Sendable, Equatable {
    public let id: String
    /// The name it was trained under, if any; versions count per name.
    public let name: String?
    /// 1 for the first model of a name (and for unnamed models), then 2, 3, …; never reused.
    public let version: Int
    /// The notebook's form of the model: exact for a notebook model (``fitted`` nil) and for a fitted logistic model
    /// without standardisation; for any other fitted model (softmax, standardised) an empty placeholder
    /// (``LogisticModel/features`` 0). Predict with ``predictor``.
    public let model: LogisticModel
    public let jobID: String
    public let createdAt: Date
    public let params: TrainingParams
    public let metrics: Evaluation
    /// Commit order, increasing and never reused: lists run newest first by it and page by it.
    public let sequence: Int64
    /// The model as it predicts, for a model trained beyond the notebook (softmax, standardised, L2, another optimizer,
    /// validation…); nil for a notebook model.
    public let fitted: FittedModel?
    /// Full metrics, validation, early stopping, classes and feature names; nil for a notebook model.
    public let details: ModelDetails?

    public init(
        id: String, name: String?, version: Int, model: LogisticModel, jobID: String, createdAt: Date, params: TrainingParams,
        metrics: Evaluation, sequence: Int64, fitted: FittedModel? = nil, details: ModelDetails? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.model = model
        self.jobID = jobID
        self.createdAt = createdAt
        self.params = params
        self.metrics = metrics
        self.sequence = sequence
        self.fitted = fitted
        self.details = details
    }

    /// What predicts: ``fitted``, or the notebook model with no scaling.
    public var predictor: FittedModel {
        fitted ?? FittedModel(classifier: LinearClassifier(model), standardization: nil)
    }

    /// The notebook's form of `fitted`, as ``model`` holds it.
    public static func notebookModel(of fitted: FittedModel) -> LogisticModel {
        guard fitted.standardization == nil, let logistic = fitted.classifier.logistic else { return LogisticModel(weights: [], bias: 0) }
        return logistic
    }

    /// How messages name this model: `churn v2`, or the id when it has no name.
    public var label: String {
        if let name { return "\(name) v\(version)" }
        return id
    }
}

/// A model a finished job hands to the store; the store gives it its version and sequence.
public struct NewModel: Sendable {
    public let id: String
    public let name: String?
    /// See ``ModelRecord/model``.
    public let model: LogisticModel
    public let createdAt: Date
    /// The loss and accuracy every model reports.
    public let metrics: Evaluation
    /// See ``ModelRecord/fitted``.
    public let fitted: FittedModel?
    /// See ``ModelRecord/details``.
    public let details: ModelDetails?

    /// With `fitted`, `model` is not kept: the model's notebook form is ``ModelRecord/notebookModel(of:)``, as every
    /// store reads it back.
    public init(
        id: String, name: String?, model: LogisticModel, createdAt: Date, metrics: Evaluation, fitted: FittedModel? = nil,
        details: ModelDetails? = nil
    ) {
        self.id = id
        self.name = name
        self.model = fitted.map(ModelRecord.notebookModel(of:)) ?? model
        self.createdAt = createdAt
        self.metrics = metrics
        self.fitted = fitted
        self.details = details
    }

    /// A model trained beyond the notebook: ``model`` is ``ModelRecord/notebookModel(of:)`` and ``metrics`` the
    /// details' training loss and accuracy.
    public init(id: String, name: String?, fitted: FittedModel, details: ModelDetails, createdAt: Date) {
        self.init(
            id: id, name: name, model: ModelRecord.notebookModel(of: fitted), createdAt: createdAt,
            metrics: Evaluation(loss: details.metrics.loss, accuracy: details.metrics.accuracy), fitted: fitted, details: details)
    }

    /// The record the store commits, with its version and sequence.
    func record(version: Int, jobID: String, params: TrainingParams, sequence: Int64) -> ModelRecord {
        ModelRecord(
            id: id, name: name, version: version, model: model, jobID: jobID, createdAt: createdAt, params: params, metrics: metrics,
            sequence: sequence, fitted: fitted, details: details)
    }
}

/// An alias of a model name pointing at one of its versions (`churn@production` → 3).
public struct AliasRecord: Sendable, Equatable, Hashable {
    public let name: String
    public let alias: String
    public let version: Int

    public init(name: String, alias: String, version: Int) {
        self.name = name
        self.alias = alias
        self.version = version
    }
}
