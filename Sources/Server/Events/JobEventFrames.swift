import NIOCore

/// The SSE bytes of one job's stream, as an async sequence: each element is a batch of event frames or a keep-alive
/// comment; it ends after the job's final `status` (or when the job is forgotten).
///
/// After each batch it pauses `interval` (so `progress` comes at most that often); while nothing is new it waits
/// for the hub's wake-up, sending `: keep-alive` after each `keepAlive` of silence.
struct JobEventFrames: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let subscription: JobEventSubscription
    let after: Int
    let interval: Duration
    let keepAlive: Duration

    struct AsyncIterator: AsyncIteratorProtocol {
        let frames: JobEventFrames
        var cursor: Int
        var pause = false
        var done = false

        mutating func next() async throws -> ByteBuffer? {
            guard !done else { return nil }
            let hub = frames.subscription.hub
            let id = frames.subscription.jobID
            if pause {
                pause = false
                try await Task.sleep(for: frames.interval)
            }
            while !Task.isCancelled {
                guard let batch = hub.read(id, after: cursor) else { return nil }
                if let last = batch.events.last {
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(batch.events.reduce(0) { $0 + $1.frame.utf8.count })
                    for event in batch.events { buffer.writeString(event.frame) }
                    cursor = last.id
                    done = batch.finished
                    pause = true
                    return buffer
                }
                if batch.finished { return nil }
                switch await hub.wait(id, after: cursor, timeout: frames.keepAlive) {
                case .news: continue
                case .timeout: return ByteBuffer(string: SSEFrame.keepAlive)
                case .gone: return nil
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(frames: self, cursor: after)
    }
}
