import Engine
import Foundation

/// Where a training job is in its life.
enum JobStatus: String, Sendable, CaseIterable, Codable {
    case queued, running, succeeded, failed, cancelled

    /// Whether the job has ended (and will never change again).
    var isFinished: Bool {
        switch self {
        case .queued, .running: return false
        case .succeeded, .failed, .cancelled: return true
        }
    }
}

/// What a client sees of a training job: the state `GET /jobs/{id}` reports.
struct Job: Sendable {
    let id: String
    let name: String?
    let params: TrainingParams
    let createdAt: Date
    var status: JobStatus = .queued
    /// Epochs finished so far.
    var epoch = 0
    /// The latest epoch's loss.
    var loss: Double?
    var history: [Snapshot] = []
    var error: String?
    var modelID: String?
    var startedAt: Date?
    var finishedAt: Date?
    /// Set by `DELETE /jobs/{id}` (or shutdown); the job stops at its next epoch boundary.
    var cancelRequested = false

    /// Share of the epochs done, 0…1.
    var progress: Double { params.epochs > 0 ? Double(epoch) / Double(params.epochs) : 0 }
}
