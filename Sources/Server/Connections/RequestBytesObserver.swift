import NIOCore

/// The first handler of a connection's pipeline: tells ``ConnectionGuardHandler`` (behind the HTTP decoder) that bytes
/// arrived, so that an idle kept-alive connection starts its header deadline at the first byte of the next request.
final class RequestBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The user event fired before each read is passed on.
    struct BytesReceived: Sendable {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesReceived())
        context.fireChannelRead(data)
    }
}
