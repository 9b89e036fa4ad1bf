import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// HTTPS: NIOSSL's handler, then ALPN picks HTTP/2 (`h2`, Hummingbird's ``HTTP2Channel``) or HTTP/1.1
/// (descent's ``GuardedHTTP1Channel``, so the header deadline, body-rate floor, idle timeout and connection cap hold
/// for HTTPS/1.1 exactly as for plain HTTP). HTTP/2 connections get Hummingbird's idle timeout and graceful close;
/// the per-request deadlines and the connection cap of ``ConnectionGuardHandler`` do not apply to them.
struct GuardedTLSChannel: ServerChildChannel, HTTPChannelHandler {
    /// What ALPN settled on, once the handshake is done.
    enum Negotiated: Sendable {
        case http1(GuardedHTTP1Channel.Value)
        case http2(HTTP2Channel.Value)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let sslContext: NIOSSLContext
    let http1: GuardedHTTP1Channel
    let http2: HTTP2Channel

    var responder: HTTPChannelHandler.Responder { http1.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(NIOSSLServerHandler(context: sslContext))
            let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result in
                switch result {
                case .negotiated("h2"):
                    return http2.setup(channel: channel, logger: logger).map { .http2($0) }
                case .negotiated("http/1.1"), .fallback:
                    return http1.setup(channel: channel, logger: logger).map { .http1($0) }
                case .negotiated:
                    // Only h2 and http/1.1 are offered; anything else is a broken client.
                    channel.close(promise: nil)
                    return channel.eventLoop.makeFailedFuture(ChannelError.inappropriateOperationForState)
                }
            }
            try operations.addHandler(alpn)
            return Value(negotiated: alpn.protocolNegotiationResult, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1(let connection): await http1.handle(value: connection, logger: logger)
            case .http2(let connection): await http2.handle(value: connection, logger: logger)
            }
        } catch {
            logger.debug("TLS connection ended before HTTP began", metadata: ["error": "\(error)"])
        }
    }
}

extension HTTPServerBuilder {
    /// HTTPS with HTTP/2 by ALPN and descent's guards on HTTP/1.1 (see ``GuardedTLSChannel``).
    static func guardedTLS(
        tls: TLSConfiguration, settings: ConnectionSettings, maxBodyBytes: Int, table: ConnectionTable
    ) throws -> HTTPServerBuilder {
        var tls = tls
        tls.applicationProtocols = ["h2", "http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        return HTTPServerBuilder { responder in
            GuardedTLSChannel(
                sslContext: context,
                http1: GuardedHTTP1Channel(
                    inner: HTTP1Channel(responder: responder), settings: settings, maxBodyBytes: maxBodyBytes, table: table),
                http2: HTTP2Channel(
                    responder: responder,
                    // A connection with no open stream for the idle timeout is closed; streams themselves (a
                    // `"wait": true` request) have no deadline, as on HTTP/1.
                    configuration: .init(idleTimeout: settings.idleTimeout, gracefulCloseTimeout: settings.shutdownGrace))
            )
        }
    }
}
