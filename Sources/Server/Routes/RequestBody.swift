import Hummingbird
import NIOCore

/// Reading JSON request bodies: at most `--max-body-bytes` (413 past it), parsed by the wire layer's `JSONParser`
/// whatever the `Content-Type` says.
enum RequestBody {
    static func json(_ request: Request, context: AppRequestContext) async throws -> JSONValue {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw Problem.payloadTooLarge(limit: context.maxUploadSize)
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try JSONParser.parse(buffer)
    }
}
