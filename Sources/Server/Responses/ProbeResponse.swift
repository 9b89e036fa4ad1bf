import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /health/live`: `{"live": true}`.
struct LiveResponse: Encodable {
    let live = true
}

/// `GET /health/ready` when ready: `{"ready": true}`.
struct ReadyResponse: Encodable {
    let ready = true
}

/// `GET /health/ready` when not ready: a 503 problem+json that also carries `"ready": false` and the `reason`.
struct NotReadyBody: Codable, Equatable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let ready: Bool
    let reason: String
    let requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, ready, reason
        case requestID = "request_id"
    }

    /// The 503 response for `reason`.
    static func response(reason: String, requestID: String?) -> Response {
        let status = HTTPResponse.Status.serviceUnavailable
        let body = NotReadyBody(
            type: "/problems/not-ready", title: status.reasonPhrase, status: status.code,
            detail: "not ready: \(reason)", ready: false, reason: reason, requestID: requestID)
        // Strings, a Bool and an Int always encode; the fallback keeps this path total anyway.
        let data = (try? AppRequestContext.encoder.encode(body)) ?? Data(#"{"ready":false}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/problem+json", .retryAfter: String(Problem.retryAfterSeconds)],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
