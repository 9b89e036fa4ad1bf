import Engine

/// The notebook's own form of the job writes (a ``TrainingCheckpoint`` and ``Snapshot``s), for callers that only
/// ever train the notebook's model: each goes through the general write of the same name.
extension Store {
    /// ``saveCheckpoint(_:history:of:)`` with a notebook checkpoint and snapshots.
    public func saveCheckpoint(_ checkpoint: TrainingCheckpoint, snapshots: [Snapshot], of job: JobRecord) async throws(StoreError) {
        try await saveCheckpoint(.notebook(checkpoint), history: snapshots.map(ModelSnapshot.init(notebook:)), of: job)
    }

    /// ``finishJob(_:history:)`` with notebook snapshots.
    public func finishJob(_ job: JobRecord, snapshots: [Snapshot]) async throws(StoreError) {
        try await finishJob(job, history: snapshots.map(ModelSnapshot.init(notebook:)))
    }

    /// ``completeJob(_:history:model:)`` with notebook snapshots.
    public func completeJob(_ job: JobRecord, snapshots: [Snapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        try await completeJob(job, history: snapshots.map(ModelSnapshot.init(notebook:)), model: model)
    }
}
