import Engine
import Storage

/// What a client sees of a training job (`GET /jobs/{id}`): its record and the snapshots taken so far.
struct Job: Sendable {
    var record: JobRecord
    /// In epoch order; a notebook run's snapshots have one bias and no validation loss.
    var history: [ModelSnapshot]

    var id: String { record.id }
    var state: JobState { record.state }

    /// Share of the epochs done, 0…1.
    var progress: Double { record.params.epochs > 0 ? Double(state.epoch) / Double(record.params.epochs) : 0 }
}

/// A training job as the job layer takes it: already validated, in the engine's and the store's terms.
struct JobSubmission: Sendable {
    let name: String?
    let data: TrainingData
    let epochs: Int
    let learningRate: Double
    /// nil: draw one (the job records the seed it used).
    let seed: UInt32?
    let snapshotEvery: Int
    /// The kernel: the request's, or the server's default.
    let precision: Precision
    /// What the request adds to the notebook's run.
    var options: ModelOptions = .notebook
}

/// Why the job layer did not do what it was asked.
enum JobError: Error, Equatable {
    /// No job with this id (or it was forgotten).
    case notFound(String)
    /// Cancelling a job that has already ended.
    case alreadyFinished(String, JobStatus)
    /// `--max-queued-jobs` jobs are waiting.
    case queueFull(limit: Int)
    /// The server is shutting down.
    case shuttingDown
    /// The store refused or failed.
    case store(StoreError)
}

/// How waiting for a job ended (`"wait": true`).
enum JobWaitOutcome: Sendable {
    /// It finished.
    case finished(Job)
    /// The waiting task was cancelled (its client left, or the server is shutting down) or the runner stopped
    /// first: the job as it stood, still going (or to be resumed after a restart).
    case stoppedWaiting(Job)
    /// Its end could not be committed (the disk is full, the database is gone); the job is kept running and its end
    /// is committed as soon as the store takes it (or it resumes after a restart).
    case notSaved(Job, StoreError)
    /// No such job.
    case unknown
}
