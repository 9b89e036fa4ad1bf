import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1

@testable import Server

/// An embedded connection with descent's connection handlers around NIO's HTTP/1 codec, driven by hand:
/// bytes in, bytes out, virtual time.
struct ConnectionGuardHarness {
    let channel: EmbeddedChannel
    let table: ConnectionTable

    init(settings: ConnectionSettings = ConnectionSettings(), maxBodyBytes: Int = 1024, table: ConnectionTable? = nil) throws {
        let table = table ?? ConnectionTable(capacity: settings.maxConnections)
        self.table = table
        channel = EmbeddedChannel()
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes))
        try channel.pipeline.syncOperations.addHandlers([
            RequestBytesObserver(),
            HTTPResponseEncoder(),
            decoder,
            ConnectionGuardHandler(settings: settings, maxBodyBytes: maxBodyBytes, table: table, logger: Logger(label: "test")),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    }

    /// Sends raw bytes as the client would.
    func send(_ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// Everything the server wrote so far, as text.
    func output() throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { text += String(buffer: buffer) }
        }
        return text
    }

    /// Request parts that reached the application side.
    func requestParts() throws -> [HTTPServerRequestPart] {
        var parts: [HTTPServerRequestPart] = []
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) { parts.append(part) }
        return parts
    }

    /// Answers the current request as the application would: 200 with a small body.
    func respond(_ body: String = "{}") throws {
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: String(body.utf8.count))
        channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        try channel.writeAndFlush(HTTPServerResponsePart.end(nil)).wait()
    }

    func advance(seconds: Double) {
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(Int64(seconds * 1000)))
    }

    var isOpen: Bool { channel.isActive }
}
