import Dispatch

/// Runs long synchronous work (parsing a large body, a large array operation) on a Dispatch queue.
///
/// Route handlers run on Swift concurrency's cooperative thread pool, which has only as many threads as cores
/// and is shared by every request; work that takes milliseconds would hold one of them. The caller suspends
/// instead, and resumes with the result or the thrown error.
enum BlockingWork {
    private static let marker = DispatchSpecificKey<Bool>()
    private static let queue: DispatchQueue = {
        let queue = DispatchQueue(label: "descent.blocking-work", qos: .userInitiated, attributes: .concurrent)
        queue.setSpecific(key: marker, value: true)
        return queue
    }()

    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Whether the caller is running on the queue of ``run(_:)``.
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) == true }
}
