import Engine
import Synchronization

/// The default store: everything in this process's memory, gone when it exits.
///
/// It follows the same rules as the durable store (versions never reused, aliases only at existing versions), so
/// the server behaves the same on both. Arrays are shared with the server's copies, never duplicated.
public final class MemoryStore: Store {
    private struct State {
        var models: [String: ModelRecord] = [:]
        var lastVersion: [String: Int] = [:]
        var aliases: [AliasKey: Int] = [:]
        var jobs: [String: JobRecord] = [:]
        var data: [String: TrainingData] = [:]
        var checkpoints: [String: JobCheckpoint] = [:]
        var histories: [String: [ModelSnapshot]] = [:]
        var sequence: Int64 = 0

        mutating func nextSequence() -> Int64 {
            sequence += 1
            return sequence
        }

        /// Records a finished job and drops what only a run needs.
        mutating func finish(_ job: JobRecord, snapshots: [ModelSnapshot]) {
            jobs[job.id] = job
            histories[job.id, default: []].append(contentsOf: snapshots)
            data[job.id] = nil
            checkpoints[job.id] = nil
        }
    }

    private struct AliasKey: Hashable {
        let name: String
        let alias: String
    }

    private let state = Mutex(State())

    public init() {}

    public var isDurable: Bool { false }

    public func load() async throws(StoreError) -> StoredState {
        state.withLock { state in
            var stored = StoredState()
            stored.models = state.models.values.sorted { $0.sequence < $1.sequence }
            stored.aliases = state.aliases.map { AliasRecord(name: $0.key.name, alias: $0.key.alias, version: $0.value) }
            stored.jobs = state.jobs.values.sorted { $0.sequence < $1.sequence }
            for (id, snapshots) in state.histories { stored.setHistory(snapshots, ofJob: id) }
            return stored
        }
    }

    public func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord {
        state.withLock { state in
            var job = job
            job.sequence = state.nextSequence()
            state.jobs[job.id] = job
            state.data[job.id] = data
            return job
        }
    }

    public func updateJob(_ job: JobRecord) async throws(StoreError) {
        state.withLock { $0.jobs[job.id] = job }
    }

    public func saveCheckpoint(_ checkpoint: JobCheckpoint, history snapshots: [ModelSnapshot], of job: JobRecord) async throws(StoreError) {
        state.withLock { state in
            state.jobs[job.id] = job
            state.checkpoints[job.id] = checkpoint
            state.histories[job.id, default: []].append(contentsOf: snapshots)
        }
    }

    public func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint? {
        state.withLock { state in
            guard let data = state.data[id] else { return nil }
            let checkpoint = state.checkpoints[id]
            let history = (state.histories[id] ?? []).filter { $0.epoch <= checkpoint?.epoch ?? 0 }
            return ResumePoint(data: data, savedCheckpoint: checkpoint, modelHistory: history)
        }
    }

    public func finishJob(_ job: JobRecord, history snapshots: [ModelSnapshot]) async throws(StoreError) {
        state.withLock { state in state.finish(job, snapshots: snapshots) }
    }

    public func completeJob(_ job: JobRecord, history snapshots: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        state.withLock { state in
            var version = 1
            if let name = model.name {
                version = (state.lastVersion[name] ?? 0) + 1
                state.lastVersion[name] = version
            }
            let record = model.record(version: version, jobID: job.id, params: job.params, sequence: state.nextSequence())
            state.models[record.id] = record
            state.finish(job, snapshots: snapshots)
            return record
        }
    }

    public func deleteJobs(_ ids: [String]) async throws(StoreError) {
        state.withLock { state in
            for id in ids {
                state.jobs[id] = nil
                state.histories[id] = nil
                state.data[id] = nil
                state.checkpoints[id] = nil
            }
        }
    }

    public func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord] {
        try state.withLock { state throws(StoreError) in
            guard let model = state.models[id] else { throw .modelNotFound(id: id) }
            let aliases = state.aliases.filter { $0.key.name == model.name && $0.value == model.version }
                .map { AliasRecord(name: $0.key.name, alias: $0.key.alias, version: $0.value) }
                .sorted { $0.alias < $1.alias }
            if !aliases.isEmpty && !force { throw .aliased(model: model.label, aliases: aliases.map(\.alias)) }
            for alias in aliases { state.aliases[AliasKey(name: alias.name, alias: alias.alias)] = nil }
            state.models[id] = nil
            return aliases
        }
    }

    public func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool {
        try state.withLock { state throws(StoreError) in
            guard state.models.values.contains(where: { $0.name == alias.name && $0.version == alias.version }) else {
                throw .versionNotFound(name: alias.name, version: alias.version)
            }
            return state.aliases.updateValue(alias.version, forKey: AliasKey(name: alias.name, alias: alias.alias)) == nil
        }
    }

    public func removeAlias(name: String, alias: String) async throws(StoreError) {
        try state.withLock { state throws(StoreError) in
            guard state.aliases.removeValue(forKey: AliasKey(name: name, alias: alias)) != nil else {
                throw .aliasNotFound(name: name, alias: alias)
            }
        }
    }
}
