import Logging
import ServiceLifecycle
import Storage

/// Keeps this replica's in-memory copies (the registry and the job table) equal to what the shared store holds:
/// reloads them when another replica announces a commit, periodically, and after a reconnection; wakes the workers
/// when a job is queued; passes a cancel to a job training here. A burst of announcements makes one reload.
struct ReplicaSync: Service {
    let shared: any SharedStore
    let registry: ModelRegistry
    let runner: JobRunner
    let logger: Logger

    func run() async {
        let (reloads, reload) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in reloads { await refresh() }
            }
            for await change in shared.changes().cancelOnGracefulShutdown() {
                switch change {
                case .jobQueued: runner.wake()
                case .cancel(let id): runner.noticeCancel(of: id)
                case .resync: break
                }
                reload.yield()
            }
            reload.finish()
        }
    }

    /// Reloads both copies from one read, in the runner's then the registry's lock (the order their own writes take
    /// them), so that no reload undoes a commit made meanwhile.
    func refresh() async {
        do throws(StoreError) {
            try await runner.transitions.withLock { () throws(StoreError) in
                let stored = try await registry.reload()
                runner.refresh(from: stored)
            }
        } catch {
            logger.warning("cannot reload from the database; will retry", metadata: ["error": "\(error)"])
        }
    }
}
