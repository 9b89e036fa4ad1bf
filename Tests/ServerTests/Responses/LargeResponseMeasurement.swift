import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import Server

/// A measurement, not run by default (`DESCENT_MEASURE_LARGE=1 swift test --filter LargeResponseMeasurement`): a
/// ~190 MB answer through `JSONBody.response(encodingOffThread:)` while `/health` is timed, and RSS before and after.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_MEASURE_LARGE"] == "1"))
struct LargeResponseMeasurement {
    struct Weights: Encodable, Sendable { let w: [Double] }

    /// Resident set size of this process in MiB, from /proc/self/statm.
    static func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * 4096 / 1_048_576
    }

    /// Reads a whole response (Connection: close) and counts its bytes without keeping them.
    final class Counter: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(bytes: Int, closed: Bool)>((0, false))
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let count = unwrapInboundIn(data).readableBytes
            state.withLock { $0.bytes += count }
        }
        func channelInactive(context: ChannelHandlerContext) { state.withLock { $0.closed = true } }
    }

    @Test func largeAnswerWhileHealthIsTimed() async throws {
        let router = Router(context: AppRequestContext.self)
        router.get("/big") { _, _ in
            try await JSONBody.response(encodingOffThread: Weights(w: (0..<10_000_000).map { Double($0) / 7 }))
        }
        router.get("/health") { _, _ in "ok" }
        let app = Application(router: router, server: .guardedHTTP1(settings: ConnectionSettings(), maxBodyBytes: 1 << 20,
                                                                   table: ConnectionTable(capacity: 100)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let http = HTTPClient(port: port)
            _ = try await http.send("GET", "/health")
            let before = Self.residentMiB()
            let counter = Counter()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
                }
                .connect(host: "127.0.0.1", port: port).get()
            let started = ContinuousClock.now
            try await channel.writeAndFlush(ByteBuffer(string: "GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            var latencies: [Duration] = []
            var peak = before
            while !counter.state.withLock({ $0.closed }) {
                let asked = ContinuousClock.now
                #expect(try await http.send("GET", "/health").status == 200)
                latencies.append(ContinuousClock.now - asked)
                peak = max(peak, Self.residentMiB())
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = ContinuousClock.now - started
            try await Task.sleep(for: .milliseconds(500))
            let after = Self.residentMiB()
            let bytes = counter.state.withLock { $0.bytes }
            latencies.sort()
            print("large answer: \(bytes / 1_048_576) MiB in \(elapsed); /health during it: \(latencies.count) requests, "
                + "median \(latencies[latencies.count / 2]), max \(latencies.last ?? .zero); RSS MiB before \(Int(before)), "
                + "peak \(Int(peak)), after \(Int(after))")
            #expect(bytes > 150_000_000)
        }
    }
}
