import Foundation

/// A store that several replicas use at once (PostgreSQL): its jobs are one queue that replicas claim from with a
/// lease, and every commit is announced so that each replica refreshes its in-memory copies.
///
/// Single-process stores are not shared (``Store/shared`` is nil): their runner owns every job it holds.
public protocol SharedStore: Store {
    /// This replica's name in the leases it holds.
    var replicaID: String { get }

    /// Claims the oldest job that is queued, or running under a lease that has expired (its replica died), and starts
    /// it (``JobState/Event/start(at:)``; an expired one is first interrupted at its last checkpoint, so its start
    /// counts a resume). The claim holds the job for `lease`. Nil when there is nothing to claim.
    func claimJob(lease: Duration, at date: Date) async throws(StoreError) -> JobRecord?

    /// Extends this replica's lease of a running job and says whether a cancel was asked for meanwhile (on any
    /// replica); `.lost` when another replica holds it now, or it has ended.
    func renewLease(ofJob id: String, lease: Duration) async throws(StoreError) -> LeaseRenewal

    /// Applies ``JobState/Event/requestCancel(at:)`` to the committed job, wherever it runs: a queued job ends
    /// cancelled at once, a running one gets the stop flag (its replica sees it within an epoch).
    func requestCancel(ofJob id: String, at date: Date) async throws(StoreError) -> CancelOutcome

    /// Jobs queued across the whole service.
    func queuedJobCount() async throws(StoreError) -> Int

    /// What other replicas (and this one) commit, as it is announced; a `.resync` also comes periodically and after
    /// a reconnection, when announcements may have been missed. One stream per call.
    func changes() -> AsyncStream<StoreChange>

    /// Whether the database answered the last time it was asked.
    var isReachable: Bool { get }
}

extension Store {
    /// A store of one process is not shared.
    public var shared: (any SharedStore)? { nil }
}

extension SharedStore {
    public var shared: (any SharedStore)? { self }
}

/// What renewing a lease found.
public enum LeaseRenewal: Sendable, Equatable {
    /// Still ours; `cancelRequested` when a cancel was committed meanwhile.
    case held(cancelRequested: Bool)
    /// Another replica took the job over, or it ended: stop without committing anything.
    case lost
}

/// What a cancel request did.
public enum CancelOutcome: Sendable, Equatable {
    /// The job as committed after the request: cancelled (it was queued) or running with the stop flag.
    case requested(JobRecord)
    /// It had already ended.
    case alreadyFinished(JobRecord)
    case notFound
}

/// A change announced by a shared store.
public enum StoreChange: Sendable, Equatable {
    /// Something changed (or may have): reload the in-memory copies from the store.
    case resync
    /// A job was queued: a replica with a free worker may claim it.
    case jobQueued
    /// A cancel was committed for this job: its replica stops it at the next epoch boundary.
    case cancel(jobID: String)
}
