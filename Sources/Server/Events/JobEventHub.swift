import Engine
import Storage
import Synchronization

/// The live event log of every job, fed by the ``JobRunner`` and read by the streams of `GET /jobs/{id}/events`.
///
/// Per job it keeps the `snapshot` and `status` events (bounded: a job's snapshots are bounded by `--max-snapshots`)
/// and only the newest `progress` event, each with its whole SSE frame rendered once when it is published. Publishing
/// never waits for a reader, and no frame is rendered per reader (each copies the frames' bytes into its stream):
/// a reader holds nothing but the id it has read up to, and reads whatever is new when it is ready. A reader that
/// waits for news parks a continuation; a publish resumes the parked ones and forgets them, so a busy job wakes each
/// reader at most once per read (readers pace themselves by their `interval_ms`), and an idle reader costs nothing.
final class JobEventHub: Sendable {
    /// How many readers may stream at once.
    struct Limits: Sendable, Equatable {
        /// Readers of one job.
        var perJob: Int
        /// Readers of all jobs together.
        var total: Int
    }

    /// Why a reader was not let in.
    enum SubscribeError: Error, Equatable {
        case unknownJob(String)
        case tooManySubscribers(limit: Int, perJob: Bool)
    }

    /// What a reader's wait ended with.
    enum Wake: Sendable, Equatable {
        /// Something past the reader's id was published.
        case news
        /// Nothing came within the timeout.
        case timeout
        /// The job was forgotten (or the reader cancelled).
        case gone
    }

    /// What is new for a reader: the events after its id, in id order, and whether the stream is complete.
    struct Batch: Sendable, Equatable {
        var events: [JobEvent]
        /// The job has finished and its final status is in `events` or was read before.
        var finished: Bool
    }

    private struct Log {
        var lastID = 0
        var epochs: Int
        /// Snapshot and status events, oldest first.
        var kept: [JobEvent] = []
        var progress: JobEvent?
        var finalID: Int?
        var readers = 0
        var waiters: [UInt64: CheckedContinuation<Wake, Never>] = [:]

        /// The next event; `data` is its `data:` JSON when rendered already (outside the hub's lock).
        mutating func append(_ kind: JobEvent.Kind, data: String? = nil) -> JobEvent {
            lastID += 1
            return JobEvent(id: lastID, kind: kind, data: data)
        }
    }

    private struct State {
        var logs: [String: Log] = [:]
        var readers = 0
        var lastToken: UInt64 = 0
        /// Waits whose timeout fired before they were parked.
        var expired: Set<UInt64> = []
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits = Limits(perJob: EventStreamSettings().maxStreamsPerJob, total: EventStreamSettings().maxStreams)) {
        self.limits = limits
    }

    // MARK: Publishing (the job runner)

    /// Starts a job's log: its history so far and its current status (a job loaded from the store, or just queued).
    func open(_ job: Job) {
        state.withLock { state in
            var log = Log(epochs: job.record.params.epochs)
            for snapshot in job.history { log.kept.append(log.append(.snapshot(snapshot))) }
            if job.state.epoch > 0, let loss = job.state.loss {
                log.progress = log.append(.progress(epoch: job.state.epoch, epochs: log.epochs, loss: loss))
            }
            let status = log.append(.status(job.state.status, modelID: job.state.modelID, error: job.state.error))
            log.kept.append(status)
            if status.isFinal { log.finalID = status.id }
            state.logs[job.id] = log
        }
    }

    /// An epoch finished (and maybe took a snapshot). Called on the training thread once per epoch: one lock, and a
    /// wake-up only for readers that are parked.
    func progress(_ id: String, epoch: Int, loss: Double, snapshot: ModelSnapshot?) {
        // A snapshot's JSON is O(d): rendered here, once, not under the lock and not per reader.
        let snapshotData = snapshot.map { SSEFrame.data(.snapshot($0)) }
        let waiters = state.withLock { state -> [CheckedContinuation<Wake, Never>] in
            guard state.logs[id] != nil else { return [] }
            return Self.mutate(&state.logs[id, default: Log(epochs: 0)]) { log in
                if let snapshot { log.kept.append(log.append(.snapshot(snapshot), data: snapshotData)) }
                log.progress = log.append(.progress(epoch: epoch, epochs: log.epochs, loss: loss))
            }
        }
        for waiter in waiters { waiter.resume(returning: .news) }
    }

    /// The job moved to a new status: a last `progress` (when the epoch is known) and the `status` event.
    func status(of job: Job) {
        let waiters = state.withLock { state -> [CheckedContinuation<Wake, Never>] in
            guard state.logs[job.id] != nil else { return [] }
            return Self.mutate(&state.logs[job.id, default: Log(epochs: 0)]) { log in
                if job.state.status.isFinished, job.state.epoch > 0, let loss = job.state.loss {
                    let known = if case .progress(let epoch, _, let last) = log.progress?.kind { epoch == job.state.epoch && last == loss } else { false }
                    if !known { log.progress = log.append(.progress(epoch: job.state.epoch, epochs: log.epochs, loss: loss)) }
                }
                let event = log.append(.status(job.state.status, modelID: job.state.modelID, error: job.state.error))
                log.kept.append(event)
                if event.isFinal { log.finalID = event.id }
            }
        }
        for waiter in waiters { waiter.resume(returning: .news) }
    }

    /// Forgets jobs (forgotten by the runner); their parked readers are told the job is gone.
    func forget(_ ids: [String]) {
        let waiters = state.withLock { state in
            ids.flatMap { id in state.logs.removeValue(forKey: id).map { Array($0.waiters.values) } ?? [] }
        }
        for waiter in waiters { waiter.resume(returning: .gone) }
    }

    /// Applies `change` and takes the parked readers out.
    private static func mutate(_ log: inout Log, _ change: (inout Log) -> Void) -> [CheckedContinuation<Wake, Never>] {
        change(&log)
        guard !log.waiters.isEmpty else { return [] }
        defer { log.waiters.removeAll(keepingCapacity: true) }
        return Array(log.waiters.values)
    }

    // MARK: Reading (the streams)

    /// Admits a reader of job `id`, within the limits; the reader is counted until the subscription is released.
    func subscribe(_ id: String) throws(SubscribeError) -> JobEventSubscription {
        try state.withLock { state throws(SubscribeError) in
            guard let log = state.logs[id] else { throw .unknownJob(id) }
            guard state.readers < limits.total else { throw .tooManySubscribers(limit: limits.total, perJob: false) }
            guard log.readers < limits.perJob else { throw .tooManySubscribers(limit: limits.perJob, perJob: true) }
            state.readers += 1
            state.logs[id]?.readers += 1
        }
        return JobEventSubscription(hub: self, jobID: id)
    }

    func release(_ id: String) {
        state.withLock { state in
            state.readers -= 1
            state.logs[id]?.readers -= 1
        }
    }

    /// Readers streaming now (all jobs).
    var readerCount: Int { state.withLock { $0.readers } }

    /// The events of job `id` after event `after`, in id order: the kept ones and, if newer, the latest progress.
    /// Nil when the job is not (or no longer) known.
    func read(_ id: String, after: Int) -> Batch? {
        state.withLock { state in
            guard let log = state.logs[id] else { return nil }
            var events: [JobEvent] = []
            // Kept events are in id order: find the first one past `after` by bisection.
            var low = 0
            var high = log.kept.count
            while low < high {
                let mid = (low + high) / 2
                if log.kept[mid].id <= after { low = mid + 1 } else { high = mid }
            }
            events.append(contentsOf: log.kept[low...])
            if let progress = log.progress, progress.id > after {
                let at = events.firstIndex { $0.id > progress.id } ?? events.endIndex
                events.insert(progress, at: at)
            }
            let finished = log.finalID.map { final in final <= max(after, events.last?.id ?? after) } ?? false
            return Batch(events: events, finished: finished)
        }
    }

    /// Waits until something past `after` is published for job `id`, at most `timeout`. Returns at once when there
    /// already is something; cancelling the waiting task ends the wait (`.gone`).
    func wait(_ id: String, after: Int, timeout: Duration) async -> Wake {
        let token = state.withLock { state in
            state.lastToken += 1
            return state.lastToken
        }
        return await withTaskGroup(of: Wake?.self) { group in
            group.addTask {
                guard (try? await Task.sleep(for: timeout)) != nil else { return nil }
                self.resume(id, token, with: .timeout)
                return nil
            }
            let wake = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                    let now: Wake? = state.withLock { state in
                        guard let log = state.logs[id] else { return .gone }
                        if log.lastID > after { return .news }
                        if Task.isCancelled { return .gone }
                        if state.expired.remove(token) != nil { return .timeout }
                        state.logs[id]?.waiters[token] = continuation
                        return nil
                    }
                    if let now { continuation.resume(returning: now) }
                }
            } onCancel: {
                self.resume(id, token, with: .gone)
            }
            group.cancelAll()
            state.withLock { _ = $0.expired.remove(token) }
            return wake
        }
    }

    /// Resumes a parked wait; a timeout that comes before the wait is parked is remembered for it.
    private func resume(_ id: String, _ token: UInt64, with wake: Wake) {
        let waiter = state.withLock { state in
            let waiter = state.logs[id]?.waiters.removeValue(forKey: token)
            if waiter == nil, wake == .timeout { state.expired.insert(token) }
            return waiter
        }
        waiter?.resume(returning: wake)
    }
}

/// One admitted reader of a job's events; releases its place when it goes away (however the stream ended).
final class JobEventSubscription: Sendable {
    let hub: JobEventHub
    let jobID: String

    init(hub: JobEventHub, jobID: String) {
        self.hub = hub
        self.jobID = jobID
    }

    deinit { hub.release(jobID) }
}
