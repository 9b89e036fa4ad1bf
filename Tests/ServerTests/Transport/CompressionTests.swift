import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// gzip both ways through the whole middleware stack: request bodies inflated as read and held to
/// `--max-body-bytes`, big responses gzipped when accepted, broken or unknown codings refused.
@Suite struct CompressionTests {
    static func gzip(_ text: String) throws -> ByteBuffer {
        var plain = ByteBuffer(string: text)
        return try plain.compress(with: .gzip)
    }

    static func gunzip(_ buffer: ByteBuffer) throws -> String {
        var zipped = buffer
        return String(buffer: try zipped.decompress(with: .gzip, maxSize: 100 << 20))
    }

    @Test func gzippedRequestBodiesAnswerAsPlainOnes() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        let body = #"{"shapes": [[2, 1], [3]]}"#
        try await parts.application.test(.router) { client throws in
            let plain = try await client.execute(uri: "/broadcast", method: .post, body: ByteBuffer(string: body))
            let zipped = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.contentEncoding: "gzip"], body: try Self.gzip(body))
            #expect(plain.status == .ok)
            #expect(zipped.status == .ok)
            #expect(zipped.body == plain.body)
            // A whole training set, gzipped, trains.
            let train = #"{"x": [[0.0], [1.0], [2.0], [3.0]], "y": [0, 0, 1, 1], "epochs": 5, "wait": true}"#
            let trained = try await client.execute(
                uri: "/train", method: .post, headers: [.contentEncoding: "GZIP"], body: try Self.gzip(train))
            #expect(trained.status == .created || trained.status == .ok || trained.status == .accepted, "\(String(buffer: trained.body))")
        }
    }

    @Test func bigResponsesAreGzippedWhenAccepted() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            let plain = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(plain.body.readableBytes >= 1024)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            let zipped = try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.acceptEncoding: "br;q=1, gzip;q=0.5"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 2)
            #expect(try Self.gunzip(zipped.body) == String(buffer: plain.body))
            let refused = try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.acceptEncoding: "gzip;q=0, br"])
            #expect(refused.headers[.contentEncoding] == nil)
            let star = try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.acceptEncoding: "*"])
            #expect(star.headers[.contentEncoding] == "gzip")
            // Under 1 KiB stays plain.
            let small = try await client.execute(uri: "/health/live", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(small.headers[.contentEncoding] == nil)
            #expect(small.status == .ok)
        }
    }

    @Test func truncatedGzipIs400() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        var zipped = try Self.gzip(#"{"shapes": [[2, 1], [3]], "padding": "\#(String(repeating: "ab", count: 500))"}"#)
        let truncated = zipped.readSlice(length: zipped.readableBytes - 12)
        try await parts.application.test(.router) { client throws in
            let answer = try await client.execute(uri: "/broadcast", method: .post, headers: [.contentEncoding: "gzip"], body: truncated)
            let problem = try expectProblem(answer, status: .badRequest, kind: "bad-request")
            #expect(problem.detail == "the gzip body ends before its stream does (truncated)")
            let garbage = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.contentEncoding: "gzip"], body: ByteBuffer(string: "not gzip at all"))
            let garbageProblem = try expectProblem(garbage, status: .badRequest, kind: "bad-request")
            #expect(garbageProblem.detail.hasPrefix("the request body is not valid gzip"))
            var twice = try Self.gzip(#"{"shapes": [[1]]}"#)
            twice.writeString("trailing")
            let trailing = try await client.execute(uri: "/broadcast", method: .post, headers: [.contentEncoding: "gzip"], body: twice)
            #expect(try expectProblem(trailing, status: .badRequest, kind: "bad-request").detail == "the gzip body has bytes after its end")
        }
    }

    @Test func unknownEncodingIs415AndV2SaysSoItsWay() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            let answer = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.contentEncoding: "br"], body: ByteBuffer(string: "{}"))
            let problem = try expectProblem(answer, status: .unsupportedMediaType, kind: "unsupported-encoding")
            #expect(problem.detail == "Content-Encoding br is not supported; send gzip or no encoding")
            #expect(answer.headers[.acceptEncoding] == "gzip")
            let v2 = try await client.execute(
                uri: "/v2/models/m/infer", method: .post, headers: [.contentEncoding: "deflate"], body: ByteBuffer(string: "{}"))
            #expect(v2.status == .unsupportedMediaType)
            #expect(String(buffer: v2.body) == #"{"error":"Content-Encoding deflate is not supported; send gzip or no encoding"}"#)
            let identity = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.contentEncoding: "identity"], body: ByteBuffer(string: #"{"shapes": [[1]]}"#))
            #expect(identity.status == .ok)
        }
    }

    @Test func inflatedSizeIsHeldToTheBodyLimit() async throws {
        let configuration = testConfiguration(limits: Limits(maxBodyBytes: 1 << 20))
        let parts = try await makeApplication(configuration: configuration)
        // 8 MiB of spaces inside a JSON string: ~8 KiB gzipped, far under the limit before inflating.
        let bomb = try Self.gzip(#"{"shapes": [[1]], "x": ""# + String(repeating: " ", count: 8 << 20) + #""}"#)
        #expect(bomb.readableBytes < 64 * 1024)
        try await parts.application.test(.router) { client throws in
            let answer = try await client.execute(uri: "/broadcast", method: .post, headers: [.contentEncoding: "gzip"], body: bomb)
            let problem = try expectProblem(answer, status: .contentTooLarge, kind: "payload-too-large")
            #expect(problem.detail == "request body is larger than the limit of 1048576 bytes (max-body-bytes)")
            // The V2 route reads its body only for a model that exists.
            let trained = try await client.send(
                .post, "/train", json: #"{"generate": {"samples": 8, "features": 1}, "epochs": 1, "name": "m", "wait": true}"#)
            #expect(trained.status == .created)
            let v2 = try await client.execute(uri: "/v2/models/m/infer", method: .post, headers: [.contentEncoding: "gzip"], body: bomb)
            #expect(v2.status == .contentTooLarge)
            #expect(String(buffer: v2.body) == #"{"error":"request body is larger than the limit of 1048576 bytes (max-body-bytes)"}"#)
        }
    }

    @Test func acceptEncodingParsing() {
        #expect(ContentCoding.acceptsGzip([.acceptEncoding: "gzip"]))
        #expect(ContentCoding.acceptsGzip([.acceptEncoding: "deflate, GZIP;q=0.1"]))
        #expect(!ContentCoding.acceptsGzip([.acceptEncoding: "gzip;q=0"]))
        #expect(!ContentCoding.acceptsGzip([.acceptEncoding: "identity"]))
        #expect(!ContentCoding.acceptsGzip([:]))
        #expect(ContentCoding.acceptsGzip([.acceptEncoding: "*;q=0.5"]))
        #expect(!ContentCoding.acceptsGzip([.acceptEncoding: "*, gzip;q=0"]))
        #expect(ContentCoding.requestCoding([.contentEncoding: "gzip, identity"]) == .gzip)
        #expect(ContentCoding.requestCoding([.contentEncoding: "gzip, gzip"]) == .unsupported("gzip, gzip"))
    }
}
