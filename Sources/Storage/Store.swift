import Engine

/// Where models, aliases and jobs are committed. Every write is one transaction: when a method returns, what it
/// wrote survives a crash (for a durable store), and when it throws, nothing of it was written.
///
/// The server keeps in-memory copies for reads and changes them only after the store has committed. Three stores
/// implement it: ``MemoryStore`` (the default), ``SQLiteStore`` (`--data-dir`) and ``PostgresStore``
/// (`--database-url`, shared by several replicas).
public protocol Store: Sendable {
    /// Whether what is committed outlives the process.
    var isDurable: Bool { get }

    /// The store's shared side when several replicas use it (PostgreSQL): a job queue claimed with leases and
    /// announced changes. Nil (the default) for a store one process owns (memory, SQLite), whose runner queues
    /// its jobs itself.
    var shared: (any SharedStore)? { get }

    /// Everything committed, to build the in-memory copies at start.
    func load() async throws(StoreError) -> StoredState

    /// Adds an accepted job with its training data and returns it with its sequence.
    func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord
    /// Writes a job's new state (start, cancel request, interrupt).
    func updateJob(_ job: JobRecord) async throws(StoreError)
    /// What a job needs to run again: its training data (nil once it has finished), its last checkpoint, and its
    /// snapshots up to that checkpoint.
    func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint?
    /// Writes a running job's checkpoint (of either form), its progress, and the snapshots taken since the last
    /// checkpoint (multi-output biases and validation losses kept).
    func saveCheckpoint(_ checkpoint: JobCheckpoint, history: [ModelSnapshot], of job: JobRecord) async throws(StoreError)
    /// Ends a job that made no model (failed or cancelled), with its last snapshots; drops its training data.
    func finishJob(_ job: JobRecord, history: [ModelSnapshot]) async throws(StoreError)
    /// Ends a job with its model in one transaction: the model gets the next version of its name, and its
    /// ``NewModel/fitted`` and ``NewModel/details`` are committed with it.
    func completeJob(_ job: JobRecord, history: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord
    /// Forgets finished jobs with their snapshots (their models stay).
    func deleteJobs(_ ids: [String]) async throws(StoreError)

    /// Deletes a model. An alias pointing at it is ``StoreError/aliased(model:aliases:)`` unless `force`, which
    /// deletes those aliases too; it returns them.
    func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord]
    /// Points `alias` of `name` at `version` and says whether the alias is new.
    func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool
    /// Removes an alias.
    func removeAlias(name: String, alias: String) async throws(StoreError)
}

/// Everything a store holds, as ``Store/load()`` returns it.
public struct StoredState: Sendable {
    /// In commit order (oldest first).
    public var models: [ModelRecord] = []
    public var aliases: [AliasRecord] = []
    /// In submission order (oldest first).
    public var jobs: [JobRecord] = []
    /// Each job's snapshots in epoch order (running jobs: up to their last checkpoint), for the jobs whose every
    /// snapshot has the notebook's form (one bias, no validation loss).
    public var histories: [String: [Snapshot]] = [:]
    /// The snapshots of the other jobs (softmax, validation), in epoch order. A job is in `histories` or here, never
    /// both; ``history(ofJob:)`` reads either.
    public var modelHistories: [String: [ModelSnapshot]] = [:]

    public init() {}

    /// A job's snapshots in epoch order, whichever form they were kept in.
    public func history(ofJob id: String) -> [ModelSnapshot] {
        if let snapshots = modelHistories[id] { return snapshots }
        return histories[id]?.map(ModelSnapshot.init(notebook:)) ?? []
    }

    /// Files a job's snapshots under `histories` when they all have the notebook's form, else under `modelHistories`.
    mutating func setHistory(_ snapshots: [ModelSnapshot], ofJob id: String) {
        if let notebook = snapshots.notebookSnapshots {
            histories[id] = notebook
        } else {
            modelHistories[id] = snapshots
        }
    }
}

/// What a job needs to run again.
public struct ResumePoint: Sendable {
    public let data: TrainingData
    /// The last checkpoint, of either form.
    public let savedCheckpoint: JobCheckpoint?
    /// Snapshots up to the checkpoint's epoch.
    public let modelHistory: [ModelSnapshot]

    public init(data: TrainingData, savedCheckpoint: JobCheckpoint?, modelHistory: [ModelSnapshot]) {
        self.data = data
        self.savedCheckpoint = savedCheckpoint
        self.modelHistory = modelHistory
    }

    /// The notebook path's checkpoint, when the last checkpoint is one (``JobCheckpoint/trainingCheckpoint``).
    public var checkpoint: TrainingCheckpoint? { savedCheckpoint?.trainingCheckpoint }
    /// The snapshots that have the notebook's form (all of a notebook run's).
    public var history: [Snapshot] { modelHistory.compactMap(\.notebookSnapshot) }
}

/// Why a store did not do what it was asked. The server maps each case to one HTTP answer.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The disk is full: nothing was written, what was committed before stays.
    case full
    /// The store cannot be read or written (a read-only or vanished directory, an I/O error).
    case unavailable(String)
    /// No model with this id.
    case modelNotFound(id: String)
    /// No such version of a name, for an alias.
    case versionNotFound(name: String, version: Int)
    /// No such alias.
    case aliasNotFound(name: String, alias: String)
    /// Deleting a model that aliases point at, without `force`.
    case aliased(model: String, aliases: [String])
    /// A shared store refused a write of a job's run: another replica holds the job now, or it has ended there
    /// (this replica stalled past its lease). The run stops without committing anything more.
    case runTakenOver(jobID: String)
    /// A shared store refused a job's success: a cancel was committed for it on another replica meanwhile.
    case cancelRequested(jobID: String)

    public var description: String {
        switch self {
        case .full: "the disk is full"
        case .unavailable(let reason): "storage is unavailable: \(reason)"
        case .modelNotFound(let id): "no model with id \(id)"
        case .versionNotFound(let name, let version): "no model named \(name) with version \(version)"
        case .aliasNotFound(let name, let alias): "no alias \(alias) of model \(name)"
        case .aliased(let model, let aliases):
            "model \(model) is aliased as \(aliases.joined(separator: ", ")); move or delete the alias first, or use force=true"
        case .runTakenOver(let id): "job \(id) is held by another replica now"
        case .cancelRequested(let id): "job \(id) was cancelled meanwhile"
        }
    }
}
