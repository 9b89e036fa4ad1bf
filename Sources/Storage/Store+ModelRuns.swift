import Engine

/// The notebook-only writes in terms of the general ones, and the general ones' defaults for a conformer outside this
/// module (a wrapper such as the server's `TimedStore` should forward them to its base instead).
extension Store {
    /// Goes through ``saveCheckpoint(_:snapshots:of:)``; anything beyond the notebook's form is
    /// ``StoreError/unavailable(_:)``, never dropped.
    public func saveCheckpoint(_ checkpoint: JobCheckpoint, history: [ModelSnapshot], of job: JobRecord) async throws(StoreError) {
        guard let notebook = checkpoint.trainingCheckpoint, let snapshots = history.notebookSnapshots, case .notebook = checkpoint else {
            throw Self.notebookOnly
        }
        try await saveCheckpoint(notebook, snapshots: snapshots, of: job)
    }

    /// Goes through ``finishJob(_:snapshots:)``; snapshots beyond the notebook's form are ``StoreError/unavailable(_:)``.
    public func finishJob(_ job: JobRecord, history: [ModelSnapshot]) async throws(StoreError) {
        guard let snapshots = history.notebookSnapshots else { throw Self.notebookOnly }
        try await finishJob(job, snapshots: snapshots)
    }

    /// Goes through ``completeJob(_:snapshots:model:)``; a fitted model or snapshots beyond the notebook's form are
    /// ``StoreError/unavailable(_:)``.
    public func completeJob(_ job: JobRecord, history: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        guard let snapshots = history.notebookSnapshots, model.fitted == nil, model.details == nil else { throw Self.notebookOnly }
        return try await completeJob(job, snapshots: snapshots, model: model)
    }

    private static var notebookOnly: StoreError {
        .unavailable("\(Self.self) keeps only notebook runs: it does not implement the model-run writes")
    }
}
