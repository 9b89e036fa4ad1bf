import NIOCore
import NIOPosix
import NIOSSL

/// A minimal HTTP/1.1 client: sends `GET path` and reads the status code from the status line; over TLS (1.2+, no
/// certificate check: it asks this machine's own server for a status, nothing secret) when `tls` is set.
enum HealthProbe {
    struct NoStatus: Error {}

    static func status(host: String, port: Int, path: String = "/health/ready", timeout: TimeAmount, tls: Bool = false) async throws -> Int {
        let sslContext: NIOSSLContext? = try tls ? {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            configuration.certificateVerification = .none
            configuration.applicationProtocols = ["http/1.1"]
            return try NIOSSLContext(configuration: configuration)
        }() : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        // SNI takes names only, never addresses.
                        let name = host.first.map { $0.isLetter } == true && !host.contains(":") ? host : nil
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: name))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"))
                    var received = ByteBuffer()
                    for try await chunk in inbound {
                        received.writeImmutableBuffer(chunk)
                        if let status = statusCode(in: received) { return status }
                    }
                    throw NoStatus()
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                throw NoStatus()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw NoStatus() }
            return first
        }
    }

    /// The code of a complete `HTTP/1.x NNN …\r\n` status line, if one has arrived.
    static func statusCode(in buffer: ByteBuffer) -> Int? {
        let bytes = buffer.readableBytesView
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\r")) else { return nil }
        let parts = String(decoding: bytes[..<end], as: UTF8.self).split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(parts[1])
    }
}
