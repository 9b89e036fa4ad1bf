import ServiceLifecycle
import Synchronization

/// Whether the server is draining (SIGTERM or SIGINT received): requests that still reach a route get 503.
final class DrainState: Sendable {
    private let flag = Atomic<Bool>(false)

    /// True once draining has begun.
    var isDraining: Bool { flag.load(ordering: .acquiring) }

    func beginDraining() { flag.store(true, ordering: .releasing) }
}

/// A service that marks the ``DrainState`` draining as soon as graceful shutdown begins.
struct DrainService: Service {
    let state: DrainState

    func run() async throws {
        try? await gracefulShutdown()
        state.beginDraining()
    }
}
