import CoreMetrics
import Dispatch
import Engine
import Metrics
import Storage

/// A ``Store`` that times every write of the store it wraps into `descent_store_write_duration_seconds{store}`
/// (`memory`, `sqlite` or `postgres`); reads pass straight through.
struct TimedStore: Store {
    let base: any Store
    private let writes: CoreMetrics.Timer

    init(_ base: any Store, factory: any MetricsFactory) {
        self.base = base
        writes = CoreMetrics.Timer(label: "descent_store_write_duration_seconds", dimensions: [("store", base.shared != nil ? "postgres" : base.isDurable ? "sqlite" : "memory")], factory: factory)
    }

    var isDurable: Bool { base.isDurable }

    var shared: (any SharedStore)? { base.shared }

    func load() async throws(StoreError) -> StoredState { try await base.load() }

    func resumePoint(ofJob id: String) async throws(StoreError) -> ResumePoint? { try await base.resumePoint(ofJob: id) }

    func addJob(_ job: JobRecord, data: TrainingData) async throws(StoreError) -> JobRecord {
        try await timed { () throws(StoreError) in try await base.addJob(job, data: data) }
    }

    func updateJob(_ job: JobRecord) async throws(StoreError) {
        try await timed { () throws(StoreError) in try await base.updateJob(job) }
    }

    func saveCheckpoint(_ checkpoint: JobCheckpoint, history: [ModelSnapshot], of job: JobRecord) async throws(StoreError) {
        try await timed { () throws(StoreError) in try await base.saveCheckpoint(checkpoint, history: history, of: job) }
    }

    func finishJob(_ job: JobRecord, history: [ModelSnapshot]) async throws(StoreError) {
        try await timed { () throws(StoreError) in try await base.finishJob(job, history: history) }
    }

    func completeJob(_ job: JobRecord, history: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        try await timed { () throws(StoreError) in try await base.completeJob(job, history: history, model: model) }
    }

    func deleteJobs(_ ids: [String]) async throws(StoreError) {
        try await timed { () throws(StoreError) in try await base.deleteJobs(ids) }
    }

    func deleteModel(id: String, force: Bool) async throws(StoreError) -> [AliasRecord] {
        try await timed { () throws(StoreError) in try await base.deleteModel(id: id, force: force) }
    }

    func setAlias(_ alias: AliasRecord) async throws(StoreError) -> Bool {
        try await timed { () throws(StoreError) in try await base.setAlias(alias) }
    }

    func removeAlias(name: String, alias: String) async throws(StoreError) {
        try await timed { () throws(StoreError) in try await base.removeAlias(name: name, alias: alias) }
    }

    private func timed<T>(_ write: () async throws(StoreError) -> T) async throws(StoreError) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { writes.recordNanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start)) }
        return try await write()
    }
}
