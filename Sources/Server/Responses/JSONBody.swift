import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// JSON responses built from `Encodable` bodies with the shared encoder.
enum JSONBody {
    /// `body` as `application/json` with `status` and extra headers.
    static func response(_ body: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try AppRequestContext.encoder.encode(body)
        return response(bytes: ByteBuffer(bytes: data), status: status, headers: headers)
    }

    /// Already-encoded JSON bytes as a response.
    static func response(bytes: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
