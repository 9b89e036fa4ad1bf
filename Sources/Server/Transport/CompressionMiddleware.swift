import CompressNIO
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// gzip both ways, on compress-nio:
///
/// - a request with `Content-Encoding: gzip` gets its body replaced by an ``InflatingBody``, which inflates as the
///   route reads and counts the inflated bytes against `--max-body-bytes` (413 past it, 400 for broken gzip);
///   any other coding is 415;
/// - a response whose length is known and at least `minimumBytes` is gzipped when `Accept-Encoding` allows it
///   (`Vary: Accept-Encoding` either way for such responses). Streamed responses of unknown length pass as they are.
///
/// Sits inside ``ProblemMiddleware``, so the problems it raises are rendered like any other.
struct CompressionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let minimumBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        switch ContentCoding.requestCoding(request.headers) {
        case .identity:
            break
        case .gzip:
            // The length and coding described bytes the route never sees.
            var head = request.head
            head.headerFields[.contentLength] = nil
            head.headerFields[.contentEncoding] = nil
            var inflated = Request(head: head, body: request.body)
            inflated.body = RequestBody(asyncSequence: InflatingBody(compressed: request.body, limit: context.maxUploadSize))
            request = inflated
        case .unsupported(let coding):
            throw Problem.unsupportedEncoding(coding)
        }
        let response = try await next(request, context)
        return try await compressed(response, for: request)
    }

    func compressed(_ response: Response, for request: Request) async throws -> Response {
        guard request.method != .head, let length = response.body.contentLength, length >= minimumBytes,
            response.headers[.contentEncoding] == nil, response.status != .noContent, response.status != .notModified
        else { return response }
        var edited = response
        edited.headers[values: .vary].append("Accept-Encoding")
        guard ContentCoding.acceptsGzip(request.headers) else { return edited }
        let collector = BodyCollector()
        try await response.body.write(collector)
        var plain = collector.buffer
        let zipped = try plain.compress(with: .gzip, configuration: .init(compressionLevel: .fastestCompression))
        edited.headers[.contentEncoding] = "gzip"
        edited.body = ResponseBody(byteBuffer: zipped)
        return edited
    }
}

/// Gathers a response body of known length to compress it. A class because `ResponseBody.write(_:)` consumes the
/// writer it is given; it lives within one `compressed(_:for:)` call and never crosses tasks.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
