import Engine
import Storage

/// One thing that happened to a training job, as its live stream (`GET /jobs/{id}/events`) tells it.
///
/// Every event of a job carries an ``id`` that increases within the job; `progress` events are superseded by the next
/// one (only the newest is kept), `snapshot` and `status` events are kept for replay.
struct JobEvent: Sendable, Equatable {
    /// What the event says.
    enum Kind: Sendable, Equatable {
        /// The epochs done so far and the latest loss.
        case progress(epoch: Int, epochs: Int, loss: Double)
        /// A history entry: the parameters and loss at `epoch`.
        case snapshot(ModelSnapshot)
        /// The job's status changed to `status`.
        case status(JobStatus, modelID: String?, error: String?)
    }

    let id: Int
    let kind: Kind
    /// The whole SSE frame (`id:`, `event:`, `data:` lines), rendered once when it is published and copied as is
    /// into every reader's stream.
    let frame: String

    /// An event whose `data:` line is `data`, or rendered from `kind` when not given.
    init(id: Int, kind: Kind, data: String? = nil) {
        self.id = id
        self.kind = kind
        self.frame = SSEFrame.frame(id: id, name: Self.name(of: kind), data: data ?? SSEFrame.data(kind))
    }

    /// The SSE `event:` name.
    var name: String { Self.name(of: kind) }

    private static func name(of kind: Kind) -> String {
        switch kind {
        case .progress: "progress"
        case .snapshot: "snapshot"
        case .status: "status"
        }
    }

    /// Whether this event ends the stream (a finished job's status).
    var isFinal: Bool {
        if case .status(let status, _, _) = kind { return status.isFinished }
        return false
    }
}
