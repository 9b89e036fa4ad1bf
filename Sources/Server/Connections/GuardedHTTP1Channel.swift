import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with descent's connection handlers around its decoder:
/// ``RequestBytesObserver`` first in the pipeline, ``ConnectionGuardHandler`` right behind NIO's request decoder.
///
/// Hummingbird's `additionalChannelHandlers` sit behind its HTTP-types codec, where neither raw bytes, HTTP versions
/// nor parse errors before a request are visible; this wrapper places the two handlers where those are.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let settings: ConnectionSettings
    let maxBodyBytes: Int
    let table: ConnectionTable

    var responder: HTTPChannelHandler.Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RequestBytesObserver(), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let guardHandler = ConnectionGuardHandler(settings: settings, maxBodyBytes: maxBodyBytes, table: table, logger: logger)
            try operations.addHandler(guardHandler, position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with descent's connection deadlines, cap and client-fault answers (see ``ConnectionGuardHandler``).
    static func guardedHTTP1(settings: ConnectionSettings, maxBodyBytes: Int, table: ConnectionTable) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(responder: responder), settings: settings, maxBodyBytes: maxBodyBytes, table: table)
        }
    }
}
