import Engine
import Foundation

/// A trained model as the store keeps it: immutable once committed; copies share the weight buffer.
public struct ModelRecord: Sendable, Equatable {
    public let id: String
    /// The name it was trained under, if any; versions count per name.
    public let name: String?
    /// 1 for the first model of a name (and for unnamed models), then 2, 3, …; never reused.
    public let version: Int
    public let model: LogisticModel
    public let jobID: String
    public let createdAt: Date
    public let params: TrainingParams
    public let metrics: Evaluation
    /// Commit order, increasing and never reused: lists run newest first by it and page by it.
    public let sequence: Int64

    public init(
        id: String, name: String?, version: Int, model: LogisticModel, jobID: String, createdAt: Date, params: TrainingParams,
        metrics: Evaluation, sequence: Int64
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
    public let model: LogisticModel
    public let createdAt: Date
    public let metrics: Evaluation

    public init(id: String, name: String?, model: LogisticModel, createdAt: Date, metrics: Evaluation) {
        self.id = id
        self.name = name
        self.model = model
        self.createdAt = createdAt
        self.metrics = metrics
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
