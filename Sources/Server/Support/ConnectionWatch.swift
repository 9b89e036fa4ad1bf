import NIOCore

/// Ends an async wait when the client closes its connection, without reading from it (so a connection that stays
/// open keeps serving requests).
///
/// A small handler at the socket end of the channel's pipeline sees the peer's end of input (`inputClosed`, which
/// Hummingbird's half-closure setting turns a client's close into) or the channel going inactive, and the wait is
/// cancelled. Without a real channel (in-process tests) the wait simply runs.
enum ConnectionWatch {
    /// Runs `operation`, cancelling it when `channel`'s client goes away; returns nil in that case.
    static func cancellingOnClose<T: Sendable>(
        _ channel: (any Channel)?, _ operation: @escaping @Sendable () async -> T
    ) async -> T? {
        let (closed, signal) = AsyncStream.makeStream(of: Void.self)
        let watcher = CloseWatcher { signal.finish() }
        var watching = false
        if let channel, channel.isActive {
            watching = (try? await channel.pipeline.addHandler(watcher, position: .first).get()) != nil
        }
        defer { if watching, let channel { channel.pipeline.removeHandler(watcher).whenComplete { _ in } } }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await operation() }
            if watching {
                group.addTask {
                    for await _ in closed {}
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            signal.finish()
            return first
        }
    }

    /// Passes everything on; calls `onClose` at the peer's end of input or when the channel goes inactive.
    private final class CloseWatcher: ChannelInboundHandler, RemovableChannelHandler, Sendable {
        typealias InboundIn = NIOAny
        let onClose: @Sendable () -> Void

        init(onClose: @escaping @Sendable () -> Void) {
            self.onClose = onClose
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { onClose() }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            onClose()
            context.fireChannelInactive()
        }
    }
}
