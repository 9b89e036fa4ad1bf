import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// JSON responses built from `Encodable` bodies with the shared encoder.
enum JSONBody {
    /// Bodies larger than this are written in chunks of this size rather than copied into one buffer.
    static let chunkBytes = 1 << 20

    /// `body` as `application/json` with `status` and extra headers.
    static func response(_ body: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try AppRequestContext.encoder.encode(body)
        return response(bytes: ByteBuffer(bytes: data), status: status, headers: headers)
    }

    /// `body` as `application/json`, encoded on ``BlockingWork``'s queue and written in chunks of ``chunkBytes``.
    ///
    /// For bodies that may be large (a model's weights, a job's history): the encoding never runs on an event loop or
    /// a cooperative thread, so a 200 MB answer costs its own request's time and nobody else's; the writer waits for
    /// the connection to take each chunk (back-pressure), and memory goes back to the system once it is sent.
    static func response(
        encodingOffThread body: some Encodable & Sendable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) async throws -> Response {
        let data = try await BlockingWork.run { try AppRequestContext.encoder.encode(body) }
        return response(data: data, status: status, headers: headers)
    }

    /// Already-encoded JSON `data`: one buffer when small, else chunks of ``chunkBytes`` with `Content-Length`.
    static func response(data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard data.count > chunkBytes else { return response(bytes: ByteBuffer(bytes: data), status: status, headers: headers) }
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ResponseBody(contentLength: data.count) { writer in
            var offset = 0
            while offset < data.count {
                let end = min(offset + chunkBytes, data.count)
                try await writer.write(ByteBuffer(bytes: data[offset..<end]))
                offset = end
            }
            try await writer.finish(nil)
            MemoryRelease.afterLargeResponse(bytes: data.count)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Already-encoded JSON bytes as a response.
    static func response(bytes: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
