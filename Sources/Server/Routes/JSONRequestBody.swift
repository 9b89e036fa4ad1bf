import Hummingbird
import NIOCore
import Wire

/// Reading JSON request bodies: at most `--max-body-bytes` (413 past it), parsed by the wire layer's `JSONParser`
/// whatever the `Content-Type` says. Bodies of ``offloadBytes`` or more are parsed on ``BlockingWork``'s queue
/// (a 65 MB `/train` body takes 0.15–0.25 s), smaller ones in place.
enum JSONRequestBody {
    /// 64 KiB parse in about 0.15 ms, a few times the cost of the hop to another queue.
    static let offloadBytes = 64 * 1024

    static func json(_ request: Request, context: AppRequestContext) async throws -> JSONValue {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw Problem.payloadTooLarge(limit: context.maxUploadSize)
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try await parse(buffer)
    }

    static func parse(_ buffer: ByteBuffer) async throws -> JSONValue {
        guard buffer.readableBytes >= offloadBytes else { return try JSONParser.parse(buffer) }
        return try await BlockingWork.run { try JSONParser.parse(buffer) }
    }
}
