import Dispatch
import Engine
import Foundation
import Logging
import Synchronization

/// Runs training jobs on a Dispatch queue, never on the HTTP event loops.
///
/// At most `workers` jobs run at once; up to `maxQueuedJobs` more wait in a FIFO queue; past that `submit` throws 429.
/// One `Mutex` guards all job state. The engine's per-epoch callback takes it briefly to publish progress and to read
/// the cancel flag, so readers (`GET /jobs/{id}`) always see a consistent, current job.
final class JobRunner: Sendable {
    /// Someone awaiting a job's end (`"wait": true`).
    typealias Waiter = CheckedContinuation<Job?, Never>
    static let idPrefix = "job_"
    /// What `Retry-After` suggests when the queue is full.
    static let retryAfterSeconds = 5

    private struct State {
        var jobs: [String: Job] = [:]
        /// Ids in submission order (for listing newest first).
        var order: [String] = []
        /// Work of jobs that have not finished, by id.
        var work: [String: TrainingWork] = [:]
        /// Queued ids, first to run first.
        var queue: [String] = []
        var running = 0
        /// Finished ids, oldest first (for forgetting the oldest).
        var finished: [String] = []
        var waiters: [String: [Waiter]] = [:]
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var shuttingDown = false
    }

    let workers: Int
    let maxQueuedJobs: Int
    let maxFinishedJobs: Int
    /// Threads the engine may use per job: the cores divided among the workers, at least 1.
    let parallelism: Int
    private let registry: ModelRegistry
    private let logger: Logger
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "descent.training", qos: .utility, attributes: .concurrent)

    init(workers: Int, maxQueuedJobs: Int, maxFinishedJobs: Int, registry: ModelRegistry, logger: Logger) {
        self.workers = max(1, workers)
        self.maxQueuedJobs = max(0, maxQueuedJobs)
        self.maxFinishedJobs = max(0, maxFinishedJobs)
        self.parallelism = max(1, ProcessInfoCores.count / max(1, workers))
        self.registry = registry
        self.logger = logger
    }

    // MARK: Submitting

    /// Queues a job (or starts it when a worker is free) and returns it as submitted.
    ///
    /// - Throws: 429 when the queue is full, 503 when shutting down.
    func submit(_ request: TrainRequest) throws(Problem) -> Job {
        let seed = request.seed ?? UInt32.random(in: .min ... .max)
        let options = TrainingOptions(
            epochs: request.epochs, learningRate: request.learningRate, snapshotEvery: request.snapshotEvery, parallelism: parallelism
        )
        let work = TrainingWork(data: request.data, seed: seed, options: options, name: request.name)
        let params = TrainingParams(
            epochs: request.epochs, learningRate: request.learningRate, seed: seed, snapshotEvery: request.snapshotEvery,
            samples: work.samples, features: work.features
        )
        let job = Job(id: OpaqueID.make(prefix: Self.idPrefix), name: request.name, params: params, createdAt: Date())

        let startNow = try state.withLock { state throws(Problem) -> Bool in
            guard !state.shuttingDown else { throw Problem.shuttingDown }
            let startNow = state.running < workers
            if startNow {
                state.running += 1
            } else {
                guard state.queue.count < maxQueuedJobs else {
                    throw Problem.queueFull(limit: maxQueuedJobs, retryAfterSeconds: Self.retryAfterSeconds)
                }
                state.queue.append(job.id)
            }
            state.jobs[job.id] = job
            state.order.append(job.id)
            state.work[job.id] = work
            return startNow
        }
        logger.info("job queued", metadata: ["job": "\(job.id)", "samples": "\(params.samples)", "features": "\(params.features)"])
        if startNow { dispatch(job.id) }
        return job
    }

    // MARK: Reading

    func job(_ id: String) -> Job? {
        state.withLock { $0.jobs[id] }
    }

    /// Jobs newest first, optionally only those with `status`.
    func jobs(status: JobStatus? = nil) -> [Job] {
        state.withLock { state in
            state.order.reversed().compactMap { id in
                guard let job = state.jobs[id], status == nil || job.status == status else { return nil }
                return job
            }
        }
    }

    /// How many jobs wait and how many run.
    var counts: (queued: Int, running: Int) {
        state.withLock { state in
            (state.queue.count, state.jobs.values.lazy.filter { $0.status == .running }.count)
        }
    }

    /// Waits (without blocking a thread) until the job has finished and returns it; `nil` for an unknown job.
    func waitUntilFinished(_ id: String) async -> Job? {
        await withCheckedContinuation { (continuation: Waiter) in
            let ready: Job?? = state.withLock { state in
                guard let job = state.jobs[id] else { return .some(nil) }
                if job.status.isFinished { return .some(job) }
                state.waiters[id, default: []].append(continuation)
                return .none
            }
            if case .some(let job) = ready { continuation.resume(returning: job) }
        }
    }

    // MARK: Cancelling

    /// Cancels a queued job at once, or asks a running one to stop at its next epoch.
    ///
    /// - Throws: 404 for an unknown job, 409 when it has already finished.
    func cancel(_ id: String) throws(Problem) -> Job {
        let (job, resumed) = try state.withLock { state throws(Problem) -> (Job, [Waiter]) in
            guard var job = state.jobs[id] else { throw Problem.notFound("no job with id \(id)") }
            guard !job.status.isFinished else { throw Problem.conflict("job \(id) has already finished (\(job.status.rawValue))") }
            job.cancelRequested = true
            if job.status == .queued, let index = state.queue.firstIndex(of: id) {
                state.queue.remove(at: index)
                job.status = .cancelled
                job.finishedAt = Date()
                state.jobs[id] = job
                return (job, Self.retire(id, in: &state, keeping: maxFinishedJobs))
            }
            state.jobs[id] = job
            return (job, [])
        }
        for waiter in resumed { waiter.resume(returning: job) }
        if job.status == .cancelled { logger.info("job cancelled while queued", metadata: ["job": "\(id)"]) }
        return job
    }

    /// Refuses new jobs, cancels queued ones, asks running ones to stop, and waits until none runs.
    func shutdown() async {
        let (first, cancelled) = state.withLock { state -> (Bool, [(Job, [Waiter])]) in
            let first = !state.shuttingDown
            state.shuttingDown = true
            var cancelled: [(Job, [Waiter])] = []
            for id in state.queue {
                guard var job = state.jobs[id] else { continue }
                job.cancelRequested = true
                job.status = .cancelled
                job.finishedAt = Date()
                state.jobs[id] = job
                cancelled.append((job, Self.retire(id, in: &state, keeping: maxFinishedJobs)))
            }
            state.queue.removeAll()
            for id in state.work.keys { state.jobs[id]?.cancelRequested = true }
            return (first, cancelled)
        }
        for (job, waiters) in cancelled { for waiter in waiters { waiter.resume(returning: job) } }
        if first { logger.info("job runner shutting down", metadata: ["cancelled_queued": "\(cancelled.count)"]) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.running == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Whether `shutdown()` has begun.
    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    // MARK: Running

    private func dispatch(_ id: String) {
        queue.async { [self] in execute(id) }
    }

    private func execute(_ id: String) {
        let started: (work: TrainingWork, params: TrainingParams, stop: Bool)? = state.withLock { state in
            guard let work = state.work[id], var job = state.jobs[id] else { return nil }
            job.status = .running
            job.startedAt = Date()
            state.jobs[id] = job
            return (work, job.params, job.cancelRequested)
        }
        guard let (work, params, stopAtOnce) = started else {
            finish(id) { _ in }
            return
        }
        logger.info("job started", metadata: ["job": "\(id)", "epochs": "\(work.options.epochs)"])
        if stopAtOnce {
            finish(id) { $0.status = .cancelled }
            return
        }
        let (set, initial) = work.prepare()
        do {
            let result = try GradientDescent.train(set, initial: initial, options: work.options) { report in
                // Mutated in place (not copied out and back), so appending to the history never copies it.
                state.withLock { state in
                    guard state.jobs[id]?.cancelRequested == false else { return .stop }
                    state.jobs[id]?.epoch = report.epoch
                    state.jobs[id]?.loss = report.loss
                    if let snapshot = report.snapshot { state.jobs[id]?.history.append(snapshot) }
                    return .proceed
                }
            }
            let model = registry.register(
                name: work.name, model: result.model, jobID: id, params: params, metrics: result.evaluation
            )
            finish(id) { job in
                job.status = .succeeded
                job.modelID = model.id
                job.loss = result.lastEpochLoss
            }
        } catch {
            switch error {
            case .cancelled:
                finish(id) { $0.status = .cancelled }
            case .nonFinite:
                finish(id) { job in
                    job.status = .failed
                    job.error = error.description
                }
            }
        }
    }

    /// Records how a job ended, frees its worker, starts the next queued job and wakes whoever waits.
    private func finish(_ id: String, _ update: (inout Job) -> Void) {
        let (job, waiters, next, idle) = state.withLock { state in
            var finishedJob: Job?
            if var job = state.jobs[id] {
                update(&job)
                if !job.status.isFinished { job.status = .cancelled }
                job.finishedAt = Date()
                state.jobs[id] = job
                finishedJob = job
            }
            let waiters = Self.retire(id, in: &state, keeping: maxFinishedJobs)
            var next: String?
            if !state.queue.isEmpty {
                next = state.queue.removeFirst()
            } else {
                state.running -= 1
            }
            var idle: [CheckedContinuation<Void, Never>] = []
            if state.running == 0 {
                idle = state.idleWaiters
                state.idleWaiters.removeAll()
            }
            return (finishedJob, waiters, next, idle)
        }
        if let job {
            var metadata: Logger.Metadata = ["job": "\(id)", "status": "\(job.status.rawValue)", "epoch": "\(job.epoch)"]
            if let loss = job.loss { metadata["loss"] = "\(loss)" }
            if let error = job.error { metadata["error"] = "\(error)" }
            logger.info("job finished", metadata: metadata)
            for waiter in waiters { waiter.resume(returning: job) }
        }
        for waiter in idle { waiter.resume() }
        if let next { dispatch(next) }
    }

    /// Moves a just-finished job into the finished list, forgets the oldest past the limit, and hands back its waiters.
    private static func retire(_ id: String, in state: inout State, keeping limit: Int) -> [Waiter] {
        state.work[id] = nil
        state.finished.append(id)
        while state.finished.count > limit {
            let oldest = state.finished.removeFirst()
            state.jobs[oldest] = nil
            if let index = state.order.firstIndex(of: oldest) { state.order.remove(at: index) }
        }
        return state.waiters.removeValue(forKey: id) ?? []
    }
}
