import Foundation

/// Where a training job is in its life.
public enum JobStatus: String, Sendable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// Whether the job has ended (and will never change again).
    public var isFinished: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .cancelled: true
        }
    }
}

/// A job's lifecycle as a value: its status and what came with each step, changed only by ``apply(_:)``.
///
/// ```
/// queued ──start──▶ running ──succeed──▶ succeeded
///   │  ▲              │ │ └───fail─────▶ failed
///   │  └─interrupt────┘ └──stopped──────▶ cancelled (after requestCancel)
///   └──requestCancel────────────────────▶ cancelled
/// ```
/// A cancel is a promise: once `requestCancel` is applied the job never succeeds. A run that finishes its last epoch
/// before it sees the request (`succeed` after `requestCancel`) ends cancelled, and its model is not kept.
/// `interrupt` is a stop that is not the job's end (shutdown, or a crash found at start): the job goes back to the
/// queue at its last checkpoint and its next `start` counts a resume. The worker, the store and the HTTP layer only
/// react to these transitions; nothing else decides what a job's status is.
public struct JobState: Sendable, Equatable {
    public private(set) var status: JobStatus
    /// Epochs finished so far (while queued after an interrupt: the checkpoint's epoch).
    public private(set) var epoch: Int
    /// The latest epoch's loss.
    public private(set) var loss: Double?
    /// Why it failed.
    public private(set) var error: String?
    /// The model it made.
    public private(set) var modelID: String?
    public private(set) var startedAt: Date?
    public private(set) var finishedAt: Date?
    /// Set by a cancel while running; the run stops at its next epoch boundary.
    public private(set) var cancelRequested: Bool
    /// The epoch the latest resume went on from (0: from the start), or nil if it never resumed.
    public private(set) var resumedFrom: Int?
    /// How many times it was resumed after an interrupt.
    public private(set) var resumes: Int

    /// A job just accepted.
    public init() {
        self.init(
            status: .queued, epoch: 0, loss: nil, error: nil, modelID: nil, startedAt: nil, finishedAt: nil,
            cancelRequested: false, resumedFrom: nil, resumes: 0
        )
    }

    /// A state as a store kept it.
    public init(
        status: JobStatus, epoch: Int, loss: Double?, error: String?, modelID: String?, startedAt: Date?, finishedAt: Date?,
        cancelRequested: Bool, resumedFrom: Int?, resumes: Int
    ) {
        self.status = status
        self.epoch = epoch
        self.loss = loss
        self.error = error
        self.modelID = modelID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.cancelRequested = cancelRequested
        self.resumedFrom = resumedFrom
        self.resumes = resumes
    }

    /// What can happen to a job.
    public enum Event: Sendable, Equatable {
        /// A worker takes it: queued → running.
        case start(at: Date)
        /// An epoch finished: running → running.
        case progress(epoch: Int, loss: Double)
        /// `DELETE /jobs/{id}`: queued → cancelled at once; running → running with the stop flag set.
        case requestCancel(at: Date)
        /// The run stopped at an epoch boundary after `requestCancel`: running → cancelled.
        case stopped(at: Date)
        /// The run finished and its model is `modelID`: running → succeeded (→ cancelled after `requestCancel`).
        case succeed(modelID: String, loss: Double?, at: Date)
        /// The run could not go on: running → failed.
        case fail(reason: String, at: Date)
        /// The run stopped without ending (shutdown, or found running at start after a crash): running → queued, to
        /// go on from the checkpoint after `epoch` (0: none). A job whose cancel was already asked for ends cancelled.
        case interrupt(checkpointEpoch: Int, loss: Double?, at: Date)
    }

    /// An event that does not apply in the current status.
    public struct IllegalTransition: Error, Equatable, CustomStringConvertible {
        public let status: JobStatus
        public let event: Event

        public init(status: JobStatus, event: Event) {
            self.status = status
            self.event = event
        }

        public var description: String { "a \(status.rawValue) job cannot take \(event)" }
    }

    /// Moves the state along `event`, or throws and leaves it unchanged.
    public mutating func apply(_ event: Event) throws(IllegalTransition) {
        switch (status, event) {
        case (.queued, .start(let at)):
            if startedAt != nil {
                resumes += 1
                resumedFrom = epoch
            }
            status = .running
            startedAt = at
        case (.running, .progress(let epoch, let loss)):
            self.epoch = epoch
            self.loss = loss
        case (.queued, .requestCancel(let at)):
            cancelRequested = true
            finish(.cancelled, at: at)
        case (.running, .requestCancel):
            cancelRequested = true
        case (.running, .stopped(let at)) where cancelRequested:
            finish(.cancelled, at: at)
        case (.running, .succeed(_, let loss, let at)) where cancelRequested:
            if let loss { self.loss = loss }
            finish(.cancelled, at: at)
        case (.running, .succeed(let modelID, let loss, let at)):
            self.modelID = modelID
            if let loss { self.loss = loss }
            finish(.succeeded, at: at)
        case (.running, .fail(let reason, let at)):
            error = reason
            finish(.failed, at: at)
        case (.running, .interrupt(let checkpointEpoch, let loss, let at)):
            if cancelRequested {
                finish(.cancelled, at: at)
            } else {
                status = .queued
                epoch = checkpointEpoch
                self.loss = loss
            }
        default:
            throw IllegalTransition(status: status, event: event)
        }
    }

    private mutating func finish(_ status: JobStatus, at: Date) {
        self.status = status
        finishedAt = at
    }
}
