import Engine
import Storage

/// A model as JSON: `GET /models/{ref}` (with `w` and `b`) and the items of `GET /models` (without).
///
/// A notebook model's body is what it has always been. A model trained beyond the notebook adds `model`, `classes`,
/// `val_metrics` (with validation), `best_epoch` (with early stopping), `stopped_early`, `standardization` (the
/// learned `mean` and `scale`, when standardised) and `feature_names` (CSV data); its `metrics` are the full set
/// (``MetricsBody``), and a softmax model's `w` is d rows of k and its `b` k values.
struct ModelResponse: Encodable, Sendable {
    struct Metrics: Codable, Equatable, Sendable {
        let loss: Double
        let accuracy: Double
    }

    let id: String
    let name: String?
    let version: Int
    let features: Int
    let w: [Double]?
    let b: Double?
    let jobID: String
    let createdAt: String
    let params: TrainingParams
    let metrics: Metrics
    /// The aliases pointing at this version, sorted.
    let aliases: [String]
    /// What a fitted (beyond-the-notebook) model adds; nil for a notebook model.
    let fitted: FittedModel?
    let details: ModelDetails?

    enum CodingKeys: String, CodingKey {
        case id, name, version, features, w, b, params, metrics, aliases
        case model, classes, standardization
        case valMetrics = "val_metrics"
        case bestEpoch = "best_epoch"
        case stoppedEarly = "stopped_early"
        case featureNames = "feature_names"
        case jobID = "job_id"
        case createdAt = "created_at"
    }

    init(_ model: ModelRecord, aliases: [String], includeWeights: Bool) {
        id = model.id
        name = model.name
        version = model.version
        features = model.model.features
        w = includeWeights ? model.model.weights : nil
        b = includeWeights ? model.model.bias : nil
        jobID = model.jobID
        createdAt = Timestamp.string(model.createdAt)
        params = model.params
        metrics = Metrics(loss: model.metrics.loss, accuracy: model.metrics.accuracy)
        self.aliases = aliases
        fitted = model.details == nil ? nil : model.fitted
        details = model.fitted == nil ? nil : model.details
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        if let fitted, let details {
            try encodeFitted(fitted, details: details, into: &container)
        } else {
            try container.encode(features, forKey: .features)
            if let w { try container.encode(w, forKey: .w) }
            if let b { try container.encode(b, forKey: .b) }
            try container.encode(metrics, forKey: .metrics)
        }
        try container.encode(jobID, forKey: .jobID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(params, forKey: .params)
        try container.encode(aliases, forKey: .aliases)
    }

    /// The members of a model trained beyond the notebook (its parameters come from `fitted`, never from the
    /// record's notebook placeholder).
    private func encodeFitted(_ fitted: FittedModel, details: ModelDetails, into container: inout KeyedEncodingContainer<CodingKeys>) throws {
        let classifier = fitted.classifier
        try container.encode(classifier.features, forKey: .features)
        try container.encode(classifier.kind.rawValue, forKey: .model)
        try container.encode(details.classes, forKey: .classes)
        if w != nil {
            switch classifier.kind {
            case .logistic:
                try container.encode(classifier.weights, forKey: .w)
                try container.encode(classifier.bias.first ?? 0, forKey: .b)
            case .softmax:
                let k = classifier.outputs
                let rows = (0..<classifier.features).map { Array(classifier.weights[($0 * k)..<($0 * k + k)]) }
                try container.encode(rows, forKey: .w)
                try container.encode(classifier.bias, forKey: .b)
            }
            if let scaling = fitted.standardization {
                try container.encode(StandardizationBody(mean: scaling.mean, scale: scaling.scale), forKey: .standardization)
            }
        }
        try container.encode(MetricsBody(metrics: details.metrics, classes: details.classes, kind: classifier.kind), forKey: .metrics)
        try container.encodeIfPresent(
            details.validationMetrics.map { MetricsBody(metrics: $0, classes: details.classes, kind: classifier.kind) }, forKey: .valMetrics)
        try container.encode(details.bestEpoch, forKey: .bestEpoch)
        try container.encode(details.stoppedEarly, forKey: .stoppedEarly)
        try container.encodeIfPresent(details.featureNames, forKey: .featureNames)
    }

    /// `standardization`: the per-feature mean and scale learned on the training rows.
    private struct StandardizationBody: Encodable {
        let mean: [Double]
        let scale: [Double]
    }
}

/// `GET /models`: `{"models": [...], "next": cursor or null}`, newest first.
struct ModelListResponse: Encodable {
    let models: [ModelResponse]
    /// The `cursor` of the next page; null on the last.
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(models, forKey: .models)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case models, next }
}
