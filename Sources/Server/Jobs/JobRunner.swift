import Dispatch
import Engine
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Runs training jobs: a swift-service-lifecycle `Service` whose `run()` is the worker pool.
///
/// Each job's life is a ``JobState``; every transition is committed to the store first and then applied to the
/// in-memory table that `GET /jobs` reads, one transition at a time (``AsyncLock``). At most `workers` jobs train
/// at once, each on a Dispatch queue thread (never on the event loops or the cooperative pool); the others wait in
/// submission order. Running jobs checkpoint to a durable store every `checkpointInterval`; on graceful shutdown
/// they stop at the next epoch boundary and go back to the queue at that checkpoint (with the in-memory store,
/// which ends with the process, they are cancelled instead). Every committed status change, every epoch and every
/// snapshot is also published to ``events`` (the live streams), which never makes training wait.
final class JobRunner: Service, Sendable {
    static let idPrefix = "job_"

    /// How much work the runner takes on.
    struct Settings: Sendable {
        /// Jobs that train at once.
        var workers: Int
        /// Jobs that may wait for a worker.
        var maxQueuedJobs: Int
        /// Finished jobs remembered; the oldest are forgotten first (their models stay).
        var maxFinishedJobs: Int
        /// How often a running job writes a checkpoint to a durable store; zero: only at its snapshots.
        var checkpointInterval: Duration
        /// With a shared store: how long a claimed job stays this replica's without renewal (renewed every third).
        var lease: Duration = DatabaseSettings.defaultLease
        /// With a shared store: how often the queue is polled besides announcements (expired leases announce nothing).
        var pollInterval: Duration = .seconds(1)
    }

    struct State {
        var jobs: [String: Job] = [:]
        /// (sequence, id), oldest first.
        var order: [(sequence: Int64, id: String)] = []
        /// Queued ids, first to run first.
        var queue: [String] = []
        /// Jobs taken by a worker and not yet done with.
        var active = 0
        /// Finished ids, oldest first (for forgetting the oldest).
        var finished: [String] = []
        /// Jobs this process is training (with a shared store, the others' run elsewhere).
        var executing: Set<String> = []
        /// Jobs whose lease another replica took over: they stop without committing.
        var leaseLost: Set<String> = []
        var waiters: [String: [UInt64: CheckedContinuation<JobWaitOutcome, Never>]] = [:]
        var lastWaiter: UInt64 = 0
        var stopping = false

        mutating func insert(_ job: Job) {
            jobs[job.id] = job
            order.append((job.record.sequence, job.id))
            switch job.state.status {
            case .queued: queue.append(job.id)
            case .running: break
            case .succeeded, .failed, .cancelled: finished.append(job.id)
            }
        }
    }

    let settings: Settings
    private let registry: ModelRegistry
    let store: any Store
    let logger: Logger
    let metrics: ServerMetrics
    /// The live event log of every job this runner knows.
    let events: JobEventHub
    let state = Mutex(State())
    let transitions = AsyncLock()
    let wakeups = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    let training = DispatchQueue(label: "descent.training", qos: .utility, attributes: .concurrent)

    /// A runner holding the jobs `stored` holds. Call ``recover()`` before serving requests.
    init(
        settings: Settings, registry: ModelRegistry, stored: StoredState, logger: Logger, metrics: ServerMetrics = .disabled,
        events: JobEventHub = JobEventHub()
    ) {
        var settings = settings
        settings.workers = max(1, settings.workers)
        self.settings = settings
        self.registry = registry
        self.store = registry.store
        self.logger = logger
        self.metrics = metrics
        self.events = events
        let jobs = stored.jobs.map { Job(record: $0, history: stored.history(ofJob: $0.id)) }
        state.withLock { state in
            for job in jobs { state.insert(job) }
        }
        for job in jobs { events.open(job) }
        publishCounts()
    }

    /// Puts jobs that were running when the process ended back in the queue at their last checkpoint, and forgets
    /// finished jobs past the limit.
    func recover() async throws(StoreError) {
        // With a shared store a running job may be running on another replica: an expired lease brings it back.
        guard store.shared == nil else { return try await forgetOldFinishedJobs() }
        let running = state.withLock { state in state.jobs.values.filter { $0.state.status == .running }.sorted { $0.record.sequence < $1.record.sequence } }
        for job in running {
            do {
                _ = try await transition(job.id, .interrupt(checkpointEpoch: job.state.epoch, loss: job.state.loss, at: Date()))
                logger.info("job will resume", metadata: ["job": "\(job.id)", "from_epoch": "\(job.state.epoch)"])
            } catch {
                if case .store(let error) = error { throw error }
            }
        }
        state.withLock { state in
            state.queue.sort { (state.jobs[$0]?.record.sequence ?? 0) < (state.jobs[$1]?.record.sequence ?? 0) }
        }
        try await forgetOldFinishedJobs()
    }

    // MARK: Submitting

    /// Commits a new job and queues it; returns it as accepted. `logger` is the submitting request's (so its
    /// `request_id` is on the "job queued" line); the runner's own by default.
    func submit(_ submission: JobSubmission, logger requestLogger: Logger? = nil) async throws(JobError) -> Job {
        let seed = submission.seed ?? UInt32.random(in: .min ... .max)
        let params = TrainingParams(
            epochs: submission.epochs, learningRate: submission.learningRate, seed: seed, snapshotEvery: submission.snapshotEvery,
            samples: submission.data.samples, features: submission.data.features, precision: submission.precision,
            options: submission.options
        )
        let record = JobRecord(id: OpaqueID.make(prefix: Self.idPrefix), name: submission.name, params: params, createdAt: Date())
        let job = try await transitions.withLock { () throws(JobError) -> Job in
            let idle = try state.withLock { state throws(JobError) in
                guard !state.stopping else { throw .shuttingDown }
                let idle = max(0, settings.workers - state.active)
                guard state.queue.count < settings.maxQueuedJobs + idle else { throw .queueFull(limit: settings.maxQueuedJobs) }
                return idle
            }
            if let shared = store.shared {
                // Counted across the whole service.
                let queued: Int
                do throws(StoreError) { queued = try await shared.queuedJobCount() } catch { throw .store(error) }
                guard queued < settings.maxQueuedJobs + idle else { throw .queueFull(limit: settings.maxQueuedJobs) }
            }
            let added: JobRecord
            do throws(StoreError) {
                added = try await store.addJob(record, data: submission.data)
            } catch {
                throw .store(error)
            }
            let job = Job(record: added, history: [])
            state.withLock { $0.insert(job) }
            events.open(job)
            publishCounts()
            return job
        }
        (requestLogger ?? logger).info("job queued", metadata: ["job": "\(job.id)", "samples": "\(params.samples)", "features": "\(params.features)"])
        wakeups.continuation.yield()
        return job
    }

    // MARK: Reading

    func job(_ id: String) -> Job? {
        state.withLock { $0.jobs[id] }
    }

    /// Up to `limit` jobs older than `cursor` (a sequence; nil: from the newest), newest first, optionally only
    /// those with `status`, and the cursor of the next page when there is one.
    func page(limit: Int, before cursor: Int64?, status: JobStatus? = nil) -> (jobs: [Job], next: Int64?) {
        state.withLock { state -> (jobs: [Job], next: Int64?) in
            let (jobs, next) = Paging.page(state.order, limit: limit, before: cursor) { id in
                state.jobs[id].flatMap { status == nil || $0.state.status == status ? $0 : nil }
            }
            return (jobs, next)
        }
    }

    /// The details of the model a job made, when it made one trained beyond the notebook.
    func modelDetails(of job: Job) -> ModelDetails? {
        job.state.modelID.flatMap { registry.model(.id($0))?.details }
    }

    /// How many jobs wait and how many run.
    var counts: (queued: Int, running: Int) {
        state.withLock { state in
            (state.queue.count, state.jobs.values.lazy.filter { $0.state.status == .running }.count)
        }
    }

    /// Whether the runner has begun stopping (graceful shutdown).
    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Waits (without blocking a thread) until the job has finished. Cancelling the waiting task (a client that
    /// left, a shutdown) ends the wait at once; the job goes on.
    func waitUntilFinished(_ id: String) async -> JobWaitOutcome {
        let token = state.withLock { state in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<JobWaitOutcome, Never>) in
                let now: JobWaitOutcome? = state.withLock { state in
                    guard let job = state.jobs[id] else { return .unknown }
                    if job.state.status.isFinished { return .finished(job) }
                    if Task.isCancelled || state.stopping { return .stoppedWaiting(job) }
                    state.waiters[id, default: [:]][token] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let (waiter, job) = state.withLock { state in (state.waiters[id]?.removeValue(forKey: token), state.jobs[id]) }
            waiter?.resume(returning: job.map(JobWaitOutcome.stoppedWaiting) ?? .unknown)
        }
    }

    // MARK: Cancelling

    /// Cancels a queued job at once, or asks a running one to stop at its next epoch.
    func cancel(_ id: String) async throws(JobError) -> Job {
        if store.shared != nil { return try await cancelShared(id) }
        let job = try await transition(id, .requestCancel(at: Date()))
        if job.state.status == .cancelled { logger.info("job cancelled while queued", metadata: ["job": "\(id)"]) }
        return job
    }

    // MARK: The worker pool

    /// Starts queued jobs as workers free up, until graceful shutdown; then stops the running ones at their next
    /// epoch boundary and returns once none runs.
    func run() async {
        await withDiscardingTaskGroup { group in
            wakeups.continuation.yield()
            if store.shared != nil { group.addTask { await self.pollQueue() } }
            for await _ in wakeups.stream.cancelOnGracefulShutdown() {
                if let shared = store.shared {
                    while let job = await claimNext(from: shared) {
                        group.addTask {
                            await self.execute(job.id, claimed: job)
                            self.state.withLock { state in
                                state.active -= 1
                                state.executing.remove(job.id)
                                state.leaseLost.remove(job.id)
                            }
                            self.wakeups.continuation.yield()
                        }
                    }
                    continue
                }
                while let id = takeNext() {
                    group.addTask {
                        self.state.withLock { _ = $0.executing.insert(id) }
                        await self.execute(id)
                        self.state.withLock { state in
                            state.active -= 1
                            state.executing.remove(id)
                        }
                        self.wakeups.continuation.yield()
                    }
                }
            }
            await beginStopping()
        }
        let waiters = state.withLock { state in
            defer { state.waiters.removeAll() }
            return state.waiters.compactMap { id, waiters in state.jobs[id].map { (Array(waiters.values), $0) } }
        }
        for (continuations, job) in waiters { for continuation in continuations { continuation.resume(returning: .stoppedWaiting(job)) } }
        logger.info("job runner stopped")
    }

    func takeNext() -> String? {
        state.withLock { state in
            guard !state.stopping, state.active < settings.workers, !state.queue.isEmpty else { return nil }
            state.active += 1
            return state.queue.removeFirst()
        }
    }

    /// Refuses new jobs and asks running ones to stop; with the in-memory store, cancels the queued ones too.
    func beginStopping() async {
        let queued = state.withLock { state in
            state.stopping = true
            return state.queue
        }
        logger.info("job runner stopping", metadata: ["queued": "\(queued.count)", "durable": "\(store.isDurable)"])
        guard !store.isDurable else { return }
        for id in queued { _ = try? await transition(id, .requestCancel(at: Date())) }
    }

    // MARK: Running one job

    private func execute(_ id: String, claimed: Job? = nil) async {
        let started: Job
        if let claimed {
            started = claimed  // the shared store's claim committed the start
        } else {
            do {
                started = try await transition(id, .start(at: Date()))
            } catch {
                return  // cancelled before a worker took it
            }
        }
        let leases = store.shared.map { shared in Task { await self.renewLeases(of: id, in: shared) } }
        defer { leases?.cancel() }
        let point: ResumePoint
        do {
            guard let found = try await store.resumePoint(ofJob: id) else {
                await end(id, .fail(reason: "the job's training data is missing from the store", at: Date()), snapshots: [])
                return
            }
            point = found
        } catch {
            await end(id, .fail(reason: "cannot read the job's training data: \(error)", at: Date()), snapshots: [])
            return
        }
        state.withLock { $0.jobs[id]?.history = point.modelHistory }
        var metadata: Logger.Metadata = ["job": "\(id)", "epochs": "\(started.record.params.epochs)"]
        if let from = started.state.resumedFrom { metadata["resumed_from"] = "\(from)" }
        logger.info(started.state.resumes > 0 ? "job resumed" : "job started", metadata: metadata)

        let writer = CheckpointWriter(jobID: id, durable: store.isDurable) { checkpoint, snapshots async throws(StoreError) in
            try await self.saveCheckpoint(checkpoint, snapshots: snapshots, of: id)
        } onFailure: { error in
            self.logger.warning("checkpoint not saved; will retry", metadata: ["job": "\(id)", "error": "\(error)"])
        }
        let params = started.record.params
        let (outcome, unsaved) =
            params.options.isNotebook && !point.data.hasValidationSet
            ? await train(id, params: params, from: point, writer: writer)
            : await trainModel(id, params: params, from: point, writer: writer)
        let saved = await writer.finish()
        let snapshots = (saved.unsaved + unsaved).sorted { $0.epoch < $1.epoch }
        leases?.cancel()
        if state.withLock({ $0.leaseLost.contains(id) }) {
            logger.warning("job taken over by another replica; this run's end is dropped", metadata: ["job": "\(id)"])
            return
        }

        switch outcome {
        case .success(let result):
            await complete(id, result: result, snapshots: snapshots)
        case .failure(.training(.cancelled)):
            let cancelRequested = state.withLock { $0.jobs[id]?.state.cancelRequested ?? true }
            if cancelRequested || !store.isDurable {
                if !cancelRequested { _ = try? await transition(id, .requestCancel(at: Date())) }
                await end(id, .stopped(at: Date()), snapshots: snapshots)
            } else {
                let checkpoint = saved.last ?? point.savedCheckpoint
                await end(id, .interrupt(checkpointEpoch: checkpoint?.epoch ?? 0, loss: checkpoint?.loss, at: Date()), snapshots: [])
            }
        case .failure(let error):
            await end(id, .fail(reason: error.description, at: Date()), snapshots: snapshots)
        }
    }

    /// Trains on a Dispatch thread; returns the outcome and the snapshots taken since the last checkpoint handed to
    /// `writer`.
    private func train(
        _ id: String, params: TrainingParams, from point: ResumePoint, writer: CheckpointWriter
    ) async -> (Result<JobRunResult, JobRunFailure>, [ModelSnapshot]) {
        let options = TrainingOptions(
            epochs: params.epochs, learningRate: params.learningRate, snapshotEvery: params.snapshotEvery, precision: params.precision)
        let interval = settings.checkpointInterval
        return await withCheckedContinuation { continuation in
            training.async {
                let (set, initial) = point.data.prepare(seed: params.seed)
                let threads = EpochThreads(self.parallelism)
                var pending: [ModelSnapshot] = []
                var lastCheckpoint = ContinuousClock.now
                let outcome = Result { () throws(JobRunFailure) -> JobRunResult in
                    let result: TrainingResult
                    do throws(TrainingError) {
                        result = try GradientDescent.train(
                        set, initial: initial, options: options, resuming: point.checkpoint, threads: threads
                    ) { report in
                        let snapshot = report.snapshot.map(ModelSnapshot.init(notebook:))
                        if let snapshot { pending.append(snapshot) }
                        let control = self.recordProgress(id, epoch: report.epoch, loss: report.loss, snapshot: snapshot, rows: params.samples)
                        let now = ContinuousClock.now
                        let due = interval == .zero ? report.snapshot != nil : now - lastCheckpoint >= interval
                        // A stop checkpoints too, so that an interrupted job goes on from exactly here.
                        if writer.durable && (due || control == .stop) {
                            writer.save(.notebook(report.checkpoint), snapshots: pending)
                            pending.removeAll()
                            lastCheckpoint = now
                        }
                        return control
                        }
                    } catch {
                        throw .training(error)
                    }
                    return .notebook(result)
                }
                continuation.resume(returning: (outcome, pending))
            }
        }
    }

    /// Threads a job's next epoch may use: the cores shared among the jobs this process is training now, at least 1.
    /// Asked before every epoch, so a lone job trains on every core and jobs that start or end meanwhile rebalance
    /// at their next epoch (the engine's result has the same bits on any number of threads).
    func parallelism() -> Int {
        max(1, ProcessInfoCores.count / max(1, state.withLock { $0.executing.count }))
    }

    /// Publishes an epoch's progress (and snapshot), counts it, and says whether to go on.
    func recordProgress(_ id: String, epoch: Int, loss: Double, snapshot: ModelSnapshot?, rows: Int) -> TrainingControl {
        metrics.epochTrained(rows: rows)
        let control = state.withLock { state -> TrainingControl in
            // Mutated in place (not copied out and back), so appending to the history never copies it.
            guard state.jobs[id] != nil else { return .stop }
            try? state.jobs[id]?.record.state.apply(.progress(epoch: epoch, loss: loss))
            if let snapshot { state.jobs[id]?.history.append(snapshot) }
            return state.stopping || state.jobs[id]?.state.cancelRequested == true || state.leaseLost.contains(id) ? .stop : .proceed
        }
        events.progress(id, epoch: epoch, loss: loss, snapshot: snapshot)
        return control
    }

    private func saveCheckpoint(_ checkpoint: JobCheckpoint, snapshots: [ModelSnapshot], of id: String) async throws(StoreError) {
        try await transitions.withLock { () throws(StoreError) in
            guard var record = state.withLock({ $0.jobs[id]?.record }) else { return }
            try? record.state.apply(.progress(epoch: checkpoint.epoch, loss: checkpoint.loss))
            do throws(StoreError) {
                try await store.saveCheckpoint(checkpoint, history: snapshots, of: record)
            } catch .runTakenOver {
                state.withLock { _ = $0.leaseLost.insert(id) }  // the run stops at its next epoch
            }
        }
    }

    /// Commits the job as succeeded together with its model; a job whose cancel came after its last epoch ends
    /// cancelled instead, without the model (``JobState``).
    private func complete(_ id: String, result: JobRunResult, snapshots: [ModelSnapshot]) async {
        let modelID = OpaqueID.make(prefix: ModelRegistry.idPrefix)
        let name = state.withLock { $0.jobs[id]?.record.name }
        let model: NewModel
        let loss: Double
        switch result {
        case .notebook(let result):
            model = NewModel(id: modelID, name: name, model: result.model, createdAt: Date(), metrics: result.evaluation)
            loss = result.lastEpochLoss
        case .model(let result, let featureNames):
            model = NewModel(
                id: modelID, name: name, fitted: result.model, details: ModelDetails(result, featureNames: featureNames), createdAt: Date())
            loss = result.lastEpochLoss
        }
        let event = JobState.Event.succeed(modelID: model.id, loss: loss, at: Date())
        await commitEnd(id, event) { record throws(StoreError) in
            if record.state.status == .succeeded {
                _ = try await self.registry.commit(job: record, history: snapshots, model: model)
            } else {
                try await self.store.finishJob(record, history: snapshots)
            }
        }
    }

    /// Commits a job's end (or interrupt) that made no model.
    func end(_ id: String, _ event: JobState.Event, snapshots: [ModelSnapshot]) async {
        await commitEnd(id, event) { record throws(StoreError) in
            if record.state.status.isFinished {
                try await self.store.finishJob(record, history: snapshots)
            } else {
                try await self.store.updateJob(record)
            }
        }
    }

    /// Commits the transition that ends a run. When the store refuses it (a full disk), whoever waits is told at
    /// once and the job stays running, here and in the store, while the commit is retried every second; nothing is
    /// reported finished that the store does not hold. Stopping leaves it running in the store, to resume after a
    /// restart.
    private func commitEnd(
        _ id: String, _ event: JobState.Event, commit: @escaping (JobRecord) async throws(StoreError) -> Void
    ) async {
        var told = false
        while true {
            do throws(JobError) {
                try await transition(id, event, commit: commit)
                if told { logger.notice("job's end saved after a retry", metadata: ["job": "\(id)"]) }
                return
            } catch {
                guard case .store(let storeError) = error else { return }  // cancelled or forgotten meanwhile
                switch storeError {
                case .runTakenOver:
                    // Another replica holds the job now (this one stalled past its lease): its end is theirs.
                    state.withLock { _ = $0.leaseLost.insert(id) }
                    logger.warning("job taken over by another replica; this run's end is dropped", metadata: ["job": "\(id)"])
                    return
                case .cancelRequested:
                    // A cancel committed on another replica that this one had not seen yet: end as it asks.
                    noticeCancel(of: id)
                    continue
                default:
                    break
                }
                if !told {
                    told = true
                    logger.error("job's end not saved; retrying every second", metadata: ["job": "\(id)", "error": "\(storeError)"])
                    failWaiters(of: id, storeError)
                }
                if state.withLock({ $0.stopping }) {
                    logger.warning("job left running in the store; it resumes after a restart", metadata: ["job": "\(id)"])
                    return
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    // MARK: Transitions

    /// Applies `event` to a job: checks it against the state machine, commits the new state (by default with
    /// `updateJob`, or `finishJob` for an end), then applies it to the in-memory table, wakes whoever waits for a
    /// finished job and forgets the oldest finished jobs past the limit.
    @discardableResult
    func transition(
        _ id: String, _ event: JobState.Event,
        commit: ((JobRecord) async throws(StoreError) -> Void)? = nil
    ) async throws(JobError) -> Job {
        let job = try await transitions.withLock { () throws(JobError) -> Job in
            guard var record = state.withLock({ $0.jobs[id]?.record }) else { throw .notFound(id) }
            let previous = record.state.status
            do throws(JobState.IllegalTransition) {
                try record.state.apply(event)
            } catch {
                throw .alreadyFinished(id, error.status)
            }
            do throws(StoreError) {
                if let commit {
                    try await commit(record)
                } else if record.state.status.isFinished {
                    try await store.finishJob(record, history: [])
                } else {
                    try await store.updateJob(record)
                }
            } catch {
                throw .store(error)
            }
            let job = state.withLock { state -> Job? in
                try? state.jobs[id]?.record.state.apply(event)
                guard let job = state.jobs[id] else { return nil }
                if job.state.status.isFinished {
                    state.queue.removeAll { $0 == id }
                    state.finished.append(id)
                }
                return job
            }
            guard let job else { throw .notFound(id) }
            if job.state.status != previous { events.status(of: job) }
            countTransition(event, to: job)
            if job.state.status.isFinished {
                logFinished(job)
                do {
                    try await forgetOldFinishedJobs()
                } catch {
                    logger.error("old finished jobs not forgotten", metadata: ["error": "\(error)"])
                }
                resumeWaiters(of: id)
            } else if job.state.status == .queued, case .interrupt = event {
                // Back in the queue (shutdown or recovery): in submission order.
                state.withLock { state in
                    if !state.queue.contains(id) { state.queue.append(id) }
                }
            }
            return job
        }
        return job
    }

    private func failWaiters(of id: String, _ error: StoreError) {
        let (waiters, job) = state.withLock { state in (state.waiters.removeValue(forKey: id) ?? [:], state.jobs[id]) }
        guard let job else { return }
        for waiter in waiters.values { waiter.resume(returning: .notSaved(job, error)) }
    }

    /// Counts a committed transition: a finish by its status, a start after an interrupt as a resume, and the new
    /// numbers of queued and running jobs.
    func countTransition(_ event: JobState.Event, to job: Job) {
        if job.state.status.isFinished { metrics.jobFinished(job.state.status) }
        if case .start = event, job.state.resumes > 0 { metrics.jobResumed() }
        publishCounts()
    }

    /// Sets the queued and running gauges from the table.
    func publishCounts() {
        let (queued, running) = counts
        metrics.jobCounts(queued: queued, running: running)
    }

    func resumeWaiters(of id: String) {
        let (waiters, job) = state.withLock { state in (state.waiters.removeValue(forKey: id) ?? [:], state.jobs[id]) }
        guard let job else { return }
        for waiter in waiters.values { waiter.resume(returning: .finished(job)) }
    }

    /// Deletes the oldest finished jobs past `maxFinishedJobs` from the store, then from memory.
    func forgetOldFinishedJobs() async throws(StoreError) {
        let excess = state.withLock { state in Array(state.finished.prefix(max(0, state.finished.count - settings.maxFinishedJobs))) }
        guard !excess.isEmpty else { return }
        try await store.deleteJobs(excess)
        state.withLock { state in
            let forgotten = Set(excess)
            state.finished.removeFirst(excess.count)
            for id in excess { state.jobs[id] = nil }
            state.order.removeAll { forgotten.contains($0.id) }
        }
        events.forget(excess)
    }

    private func logFinished(_ job: Job) {
        var metadata: Logger.Metadata = ["job": "\(job.id)", "status": "\(job.state.status.rawValue)", "epoch": "\(job.state.epoch)"]
        if let loss = job.state.loss { metadata["loss"] = "\(loss)" }
        if let error = job.state.error { metadata["error"] = "\(error)" }
        logger.info("job finished", metadata: metadata)
    }
}
