import Foundation

/// A training job as the store keeps it: what was asked for, and its state.
public struct JobRecord: Sendable, Equatable {
    public let id: String
    public let name: String?
    public let params: TrainingParams
    public let createdAt: Date
    /// Submission order, increasing and never reused (queued jobs run in this order; lists page by it). The store
    /// assigns it when it adds the job.
    public internal(set) var sequence: Int64
    public var state: JobState

    public init(id: String, name: String?, params: TrainingParams, createdAt: Date, sequence: Int64 = 0, state: JobState = JobState()) {
        self.id = id
        self.name = name
        self.params = params
        self.createdAt = createdAt
        self.sequence = sequence
        self.state = state
    }
}
