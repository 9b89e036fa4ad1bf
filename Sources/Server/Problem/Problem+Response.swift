import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A `Problem` renders itself as an RFC 9457 `application/problem+json` response, with its extra headers.
extension Problem: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        render(requestID: (context as? AppRequestContext)?.requestID)
    }

    /// The response for this problem: `{"type", "title", "status", "detail", "errors"?, "request_id"?}` plus
    /// `headers`.
    func render(requestID: String? = nil) -> Response {
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: jsonBytes(requestID: requestID)))
    }

    /// The problem document's JSON bytes.
    func jsonBytes(requestID: String? = nil) -> ByteBuffer {
        let body = ProblemBody(
            type: "/problems/\(kind)",
            title: title,
            status: status.code,
            detail: detail,
            errors: errors.isEmpty ? nil : errors.map { ProblemBody.Field(pointer: $0.pointer, detail: $0.detail) },
            requestID: requestID
        )
        // Encoding strings and integers cannot fail; the fallback keeps this path total anyway.
        let data = (try? AppRequestContext.encoder.encode(body)) ?? Data(#"{"status":\#(status.code)}"#.utf8)
        return ByteBuffer(bytes: data)
    }
}

extension Problem {
    /// The problem as the Open Inference Protocol answers errors: `{"error": detail}` as `application/json` (exactly:
    /// the kserve SDK reads the message only then), with the same headers. A 422 is a 400 there.
    func renderV2() -> Response {
        let data = (try? AppRequestContext.encoder.encode(["error": detail])) ?? Data(#"{"error":"error"}"#.utf8)
        var headers = headers
        headers[.contentType] = "application/json"
        let status: HTTPResponse.Status = status == .unprocessableContent ? .badRequest : status
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON members of a problem document.
struct ProblemBody: Codable, Equatable {
    struct Field: Codable, Equatable {
        let pointer: String
        let detail: String
    }

    let type: String
    let title: String
    let status: Int
    let detail: String
    let errors: [Field]?
    /// The request's `X-Request-ID`, so that a client can quote it and an operator find the request's log lines.
    let requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case requestID = "request_id"
    }
}
