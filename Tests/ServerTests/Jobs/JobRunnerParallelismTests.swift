import Logging
import Storage
import Synchronization
import Testing

@testable import Server

/// A job's threads follow the work: a lone job trains on every core, jobs training at once share them, and each
/// job asks again before every epoch (the engine's bits never depend on it: EngineTests).
@Suite struct JobRunnerParallelismTests {
    @Test func aLoneJobGetsEveryCoreAndConcurrentJobsShareThem() async throws {
        let store = MemoryStore()
        let stored = try await store.load()
        let runner = JobRunner(
            settings: .init(workers: 8, maxQueuedJobs: 1, maxFinishedJobs: 1, checkpointInterval: .zero),
            registry: ModelRegistry(store: store, stored: stored), stored: stored, logger: Logger(label: "test"))
        let cores = ProcessInfoCores.count
        #expect(runner.parallelism() == cores, "nothing running yet: the job about to start gets every core")
        for running in 1...8 {
            runner.state.withLock { $0.executing = Set((0..<running).map { "job_\($0)" }) }
            #expect(runner.parallelism() == max(1, cores / running), "\(running) jobs training")
        }
        runner.state.withLock { $0.executing = ["job_0"] }
        #expect(runner.parallelism() == cores, "the others finished: the last one takes every core again")
    }
}
