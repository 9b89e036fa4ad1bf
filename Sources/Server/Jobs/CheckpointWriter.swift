import Engine
import Storage

/// Hands a running job's checkpoints from its training thread to the store, in order, without the training thread
/// ever waiting: ``save(_:snapshots:)`` only queues (the epoch loop's cost is sharing the parameters' buffers). A checkpoint
/// that fails to save keeps its snapshots for the next one, so none is lost.
final class CheckpointWriter: Sendable {
    /// What the writer got into the store.
    struct Outcome: Sendable {
        /// The last checkpoint saved.
        let last: JobCheckpoint?
        /// Snapshots handed over but not saved (their checkpoints failed).
        let unsaved: [ModelSnapshot]
    }

    /// Whether checkpoints are worth writing (the store outlives the process).
    let durable: Bool
    private let input: AsyncStream<(JobCheckpoint, [ModelSnapshot])>.Continuation
    private let writer: Task<Outcome, Never>

    init(
        jobID: String, durable: Bool,
        save: @escaping @Sendable (JobCheckpoint, [ModelSnapshot]) async throws(StoreError) -> Void,
        onFailure: @escaping @Sendable (StoreError) -> Void
    ) {
        self.durable = durable
        let (stream, input) = AsyncStream.makeStream(of: (JobCheckpoint, [ModelSnapshot]).self)
        self.input = input
        self.writer = Task {
            var last: JobCheckpoint?
            var carried: [ModelSnapshot] = []
            for await (checkpoint, snapshots) in stream {
                let all = carried + snapshots
                do throws(StoreError) {
                    try await save(checkpoint, all)
                    carried = []
                    last = checkpoint
                } catch {
                    carried = all
                    onFailure(error)
                }
            }
            return Outcome(last: last, unsaved: carried)
        }
    }

    /// Queues a checkpoint and the snapshots taken since the previous one.
    func save(_ checkpoint: JobCheckpoint, snapshots: [ModelSnapshot]) {
        input.yield((checkpoint, snapshots))
    }

    /// Waits until every queued checkpoint has been written (or has failed).
    func finish() async -> Outcome {
        input.finish()
        return await writer.value
    }
}
