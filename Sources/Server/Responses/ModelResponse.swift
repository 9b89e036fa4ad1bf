import Engine
import Storage

/// A model as JSON: `GET /models/{ref}` (with `w` and `b`) and the items of `GET /models` (without).
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

    enum CodingKeys: String, CodingKey {
        case id, name, version, features, w, b, params, metrics, aliases
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
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(features, forKey: .features)
        if let w { try container.encode(w, forKey: .w) }
        if let b { try container.encode(b, forKey: .b) }
        try container.encode(jobID, forKey: .jobID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(params, forKey: .params)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(aliases, forKey: .aliases)
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
