import Foundation
import Logging
import Storage
import Synchronization

/// The runner over a shared store (several replicas on PostgreSQL): workers take jobs from the store's queue, not
/// from the in-memory one, holding a lease they renew while the job runs; cancels go to the store, wherever the
/// job runs; and the job table is refreshed from what other replicas committed.
extension JobRunner {
    /// Claims the oldest claimable job for a free worker, and makes it this replica's; nil when no worker is free,
    /// nothing is claimable, the runner is stopping, or the store cannot be reached (the poll tries again).
    func claimNext(from shared: any SharedStore) async -> Job? {
        let reserved = state.withLock { state in
            guard !state.stopping, state.active < settings.workers else { return false }
            state.active += 1
            return true
        }
        guard reserved else { return nil }
        let claimed: JobRecord?
        do {
            claimed = try await shared.claimJob(lease: settings.lease, at: Date())
        } catch {
            logger.debug("cannot claim a job", metadata: ["error": "\(error)"])
            claimed = nil
        }
        guard let claimed else {
            state.withLock { $0.active -= 1 }
            return nil
        }
        // A job this replica already trains is never started twice here, whatever the store says of its lease.
        guard !state.withLock({ $0.executing.contains(claimed.id) }) else {
            logger.warning("a job this replica trains was claimed again; ignored", metadata: ["job": "\(claimed.id)"])
            state.withLock { $0.active -= 1 }
            return nil
        }
        let (job, previous) = await transitions.withLock { () -> (Job, JobStatus?) in
            state.withLock { state in
                let previous = state.jobs[claimed.id]?.state.status
                var job = state.jobs[claimed.id] ?? Job(record: claimed, history: [])
                job.record = claimed
                if state.jobs[claimed.id] == nil { state.order.append((claimed.sequence, claimed.id)) }
                state.jobs[claimed.id] = job
                state.queue.removeAll { $0 == claimed.id }
                state.executing.insert(claimed.id)
                return (job, previous)
            }
        }
        publishEvents(of: job, previous: previous)
        countTransition(.start(at: Date()), to: job)
        return job
    }

    /// Wakes the workers every poll interval until the runner stops: expired leases announce nothing.
    func pollQueue() async {
        while !isStopping {
            try? await Task.sleep(for: settings.pollInterval)
            wakeups.continuation.yield()
        }
    }

    /// Wakes the workers: a job was queued somewhere.
    func wake() {
        wakeups.continuation.yield()
    }

    /// Renews the lease of a job this replica runs every third of the lease, until cancelled. A cancel committed on
    /// another replica stops the job at its next epoch; a lease another replica took over stops it without a commit.
    func renewLeases(of id: String, in shared: any SharedStore) async {
        let period = settings.lease / 3
        while !Task.isCancelled {
            try? await Task.sleep(for: period)
            guard !Task.isCancelled else { return }
            do {
                switch try await shared.renewLease(ofJob: id, lease: settings.lease) {
                case .held(let cancelRequested):
                    if cancelRequested { noticeCancel(of: id) }
                case .lost:
                    state.withLock { _ = $0.leaseLost.insert(id) }
                    return
                }
            } catch {
                logger.warning("lease not renewed; will retry", metadata: ["job": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// A cancel was committed (here or on another replica): a job training here stops at its next epoch boundary.
    func noticeCancel(of id: String) {
        state.withLock { state in
            guard state.executing.contains(id), state.jobs[id]?.state.cancelRequested == false else { return }
            try? state.jobs[id]?.record.state.apply(.requestCancel(at: Date()))
        }
    }

    /// `DELETE /jobs/{id}` with a shared store: committed by the store wherever the job runs.
    func cancelShared(_ id: String) async throws(JobError) -> Job {
        guard let shared = store.shared else { throw .notFound(id) }
        let outcome: CancelOutcome
        do throws(StoreError) {
            outcome = try await shared.requestCancel(ofJob: id, at: Date())
        } catch {
            throw .store(error)
        }
        switch outcome {
        case .notFound:
            throw .notFound(id)
        case .alreadyFinished(let record):
            throw .alreadyFinished(id, record.state.status)
        case .requested(let record):
            noticeCancel(of: id)
            let (job, previous) = await transitions.withLock { () -> (Job, JobStatus?) in
                state.withLock { state -> (Job, JobStatus?) in
                    if state.executing.contains(id), let local = state.jobs[id] { return (local, local.state.status) }
                    let previous = state.jobs[id]
                    var job = previous ?? Job(record: record, history: [])
                    job.record = record
                    if previous == nil { state.order.append((record.sequence, id)) }
                    state.jobs[id] = job
                    if record.state.status.isFinished {
                        state.queue.removeAll { $0 == id }
                        if !state.finished.contains(id) { state.finished.append(id) }
                    }
                    return (job, previous?.state.status)
                }
            }
            publishEvents(of: job, previous: previous)
            countTransition(.requestCancel(at: Date()), to: job)
            if job.state.status.isFinished {
                logger.info("job cancelled while queued", metadata: ["job": "\(id)"])
                resumeWaiters(of: id)
            }
            return job
        }
    }

    /// Replaces the job table with what the store holds (jobs training here keep their live state), and wakes whoever
    /// waits for a job that has finished meanwhile on another replica.
    func refresh(from stored: StoredState) {
        let (finishedNow, changed) = state.withLock { state -> ([String], [(Job, JobStatus?)]) in
            var jobs: [String: Job] = [:]
            var finishedNow: [String] = []
            var changed: [(Job, JobStatus?)] = []
            for record in stored.jobs {
                if state.executing.contains(record.id), let local = state.jobs[record.id] {
                    jobs[record.id] = local
                    continue
                }
                let previous = state.jobs[record.id]
                if record.state.status.isFinished && previous?.state.status.isFinished != true { finishedNow.append(record.id) }
                let job = Job(record: record, history: stored.history(ofJob: record.id))
                if previous?.state.status != record.state.status { changed.append((job, previous?.state.status)) }
                jobs[record.id] = job
            }
            for id in state.executing where jobs[id] == nil { jobs[id] = state.jobs[id] }
            let ordered = jobs.values.sorted { $0.record.sequence < $1.record.sequence }
            state.jobs = jobs
            state.order = ordered.map { ($0.record.sequence, $0.id) }
            state.queue = ordered.filter { $0.state.status == .queued && !state.executing.contains($0.id) }.map(\.id)
            state.finished = ordered.filter { $0.state.status.isFinished }.map(\.id)
            return (finishedNow, changed)
        }
        for (job, previous) in changed { publishEvents(of: job, previous: previous) }
        for id in finishedNow { resumeWaiters(of: id) }
        publishCounts()
    }

    /// Feeds the live event log a job this replica learned of (its log opens) or whose status changed elsewhere or by
    /// a claim (a `status` event). Epochs run on another replica reach this one's streams only as status changes.
    private func publishEvents(of job: Job, previous: JobStatus?) {
        guard let previous else {
            events.open(job)
            return
        }
        if previous != job.state.status { events.status(of: job) }
    }
}
