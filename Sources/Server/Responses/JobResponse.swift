import Engine
import Storage

/// A job as JSON: `GET /jobs/{id}` (with `history`) and the items of `GET /jobs` (without).
struct JobResponse: Encodable, Sendable {
    /// One history entry: parameters and loss before epoch `epoch`'s update (after it, for a mini-batch optimizer).
    /// A notebook run's entry is `epoch`, `loss`, `w`, `b` (a number); a softmax run's `w` is d×k flattened
    /// row-major and `b` has k values; a run with validation adds `val_loss`.
    struct SnapshotResponse: Encodable, Sendable {
        let snapshot: ModelSnapshot

        init(_ snapshot: ModelSnapshot) {
            self.snapshot = snapshot
        }

        enum CodingKeys: String, CodingKey {
            case epoch, loss, w, b
            case valLoss = "val_loss"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(snapshot.epoch, forKey: .epoch)
            try container.encode(snapshot.loss, forKey: .loss)
            try container.encodeIfPresent(snapshot.valLoss, forKey: .valLoss)
            try container.encode(snapshot.weights, forKey: .w)
            if snapshot.bias.count == 1 {
                try container.encode(snapshot.bias[0], forKey: .b)
            } else {
                try container.encode(snapshot.bias, forKey: .b)
            }
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
    /// The epoch the latest resume went on from, or nil if the job never resumed.
    let resumedFrom: Int?
    /// How many times the job resumed after a restart or a shutdown.
    let resumes: Int
    /// Its model's early-stopping outcome, once it has a model trained beyond the notebook (`best_epoch`,
    /// `stopped_early`); nil otherwise, and then the members are left out.
    let details: ModelDetails?

    enum CodingKeys: String, CodingKey {
        case id, status, name, epoch, epochs, progress, loss, params, history, error, resumes
        case bestEpoch = "best_epoch"
        case stoppedEarly = "stopped_early"
        case resumedFrom = "resumed_from"
        case modelID = "model_id"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    init(_ job: Job, includeHistory: Bool, details: ModelDetails? = nil) {
        let state = job.state
        id = job.id
        status = state.status.rawValue
        name = job.record.name
        modelID = state.modelID
        epoch = state.epoch
        epochs = job.record.params.epochs
        progress = job.progress
        loss = state.loss
        params = job.record.params
        history = includeHistory ? job.history.map(SnapshotResponse.init) : nil
        error = state.error
        createdAt = Timestamp.string(job.record.createdAt)
        startedAt = state.startedAt.map(Timestamp.string)
        finishedAt = state.finishedAt.map(Timestamp.string)
        resumedFrom = state.resumedFrom
        resumes = state.resumes
        self.details = details
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
        try container.encode(resumedFrom, forKey: .resumedFrom)
        try container.encode(resumes, forKey: .resumes)
        if let details {
            try container.encode(details.bestEpoch, forKey: .bestEpoch)
            try container.encode(details.stoppedEarly, forKey: .stoppedEarly)
        }
    }
}

/// `GET /jobs`: `{"jobs": [...], "next": cursor or null}`, newest first.
struct JobListResponse: Encodable {
    let jobs: [JobResponse]
    /// The `cursor` of the next page; null on the last.
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jobs, forKey: .jobs)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case jobs, next }
}
