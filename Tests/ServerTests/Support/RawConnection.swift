import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP connection to a loopback port, for requests no HTTP client would send (partial heads, bad framing).
final class RawConnection: Sendable {
    /// What has arrived so far, and whether the server closed the connection.
    final class Inbox: Sendable {
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let inbox: Inbox
        init(inbox: Inbox) { self.inbox = inbox }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            inbox.state.withLock { $0.bytes += Array(buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            inbox.state.withLock { $0.closed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    let channel: any Channel
    let inbox: Inbox

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    static func connect(port: Int) async throws -> RawConnection {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(inbox: inbox)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, inbox: inbox)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    var text: String { inbox.state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }
    var isClosed: Bool { inbox.state.withLock { $0.closed } }

    /// Waits until the server has closed the connection; false if it has not within `timeout`.
    func waitForClose(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !isClosed && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return isClosed
    }

    /// Waits until the received text contains `fragment`.
    func waitFor(_ fragment: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !text.contains(fragment) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return text.contains(fragment)
    }

    func close() async {
        try? await channel.close()
    }
}
