import Engine

/// A job as JSON: `GET /jobs/{id}` (with `history`) and the items of `GET /jobs` (without).
struct JobResponse: Encodable {
    /// One history entry: parameters and loss before epoch `epoch`'s update.
    struct SnapshotResponse: Codable, Equatable {
        let epoch: Int
        let loss: Double
        let w: [Double]
        let b: Double

        init(_ snapshot: Snapshot) {
            epoch = snapshot.epoch
            loss = snapshot.loss
            w = snapshot.weights
            b = snapshot.bias
        }
    }

    let id: String
    let status: String
    let name: String?
    let modelID: String?
    let epoch: Int
    let epochs: Int
    let progress: Double
    let loss: Double?
    let params: TrainingParams
    let history: [SnapshotResponse]?
    let error: String?
    let createdAt: String
    let startedAt: String?
    let finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, status, name, epoch, epochs, progress, loss, params, history, error
        case modelID = "model_id"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    init(_ job: Job, includeHistory: Bool) {
        id = job.id
        status = job.status.rawValue
        name = job.name
        modelID = job.modelID
        epoch = job.epoch
        epochs = job.params.epochs
        progress = job.progress
        loss = job.loss
        params = job.params
        history = includeHistory ? job.history.map(SnapshotResponse.init) : nil
        error = job.error
        createdAt = Timestamp.string(job.createdAt)
        startedAt = job.startedAt.map(Timestamp.string)
        finishedAt = job.finishedAt.map(Timestamp.string)
    }

    /// Members that are null are written as `null` (not left out), so every job has the same members.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(name, forKey: .name)
        try container.encode(modelID, forKey: .modelID)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(progress, forKey: .progress)
        try container.encode(loss, forKey: .loss)
        try container.encode(params, forKey: .params)
        if let history { try container.encode(history, forKey: .history) }
        try container.encode(error, forKey: .error)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }
}

/// `GET /jobs`: `{"jobs": [...]}`, newest first.
struct JobListResponse: Encodable {
    let jobs: [JobResponse]
}
