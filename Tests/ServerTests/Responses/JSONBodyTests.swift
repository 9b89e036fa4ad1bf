import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import Server

/// `JSONBody.response(encodingOffThread:)`: the same bytes as in-place encoding, written in chunks when large.
@Suite struct JSONBodyTests {
    struct Weights: Encodable, Sendable { let w: [Double] }

    @Test func largeBodiesAreChunkedWithTheSameBytesAndLength() async throws {
        let weights = Weights(w: (0..<300_000).map { Double($0) / 7 })
        let expected = try AppRequestContext.encoder.encode(weights)
        #expect(expected.count > JSONBody.chunkBytes)
        let router = Router(context: AppRequestContext.self)
        router.get("/big") { _, _ in try await JSONBody.response(encodingOffThread: weights) }
        router.get("/small") { _, _ in try await JSONBody.response(encodingOffThread: Weights(w: [1, 2])) }
        let app = Application(router: router)
        try await app.test(.router) { client in
            let big = try await client.execute(uri: "/big", method: .get)
            #expect(big.headers[.contentLength] == String(expected.count))
            #expect(big.headers[.contentType] == "application/json; charset=utf-8")
            #expect(Data(buffer: big.body) == expected)
            let small = try await client.execute(uri: "/small", method: .get)
            #expect(String(buffer: small.body) == #"{"w":[1,2]}"#)
        }
    }

    @Test func encodingRunsOnTheBlockingQueue() async throws {
        struct Probe: Encodable, Sendable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(BlockingWork.isCurrent)
            }
        }
        let response = try await JSONBody.response(encodingOffThread: Probe())
        let collector = Collector()
        try await response.body.write(collector)
        #expect(String(buffer: collector.buffer) == "true")
    }
}

/// Collects a response body (a class: `ResponseBody.write(_:)` consumes its writer).
private final class Collector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { var copy = buffer; self.buffer.writeBuffer(&copy) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
