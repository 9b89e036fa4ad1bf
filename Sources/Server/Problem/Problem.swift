import HTTPTypes

/// An RFC 9457 problem: the one error type every failure of a request becomes.
///
/// Rendered as `application/problem+json` with `type` `/problems/<kind>`; `errors` carries
/// field-level faults as JSON pointers into the request body (`/x/3`).
public struct Problem: Error, Sendable, Equatable {
    /// One fault in a request member.
    public struct FieldError: Sendable, Equatable {
        /// A JSON pointer (RFC 6901) into the request body, e.g. `/x/3` or `/learning_rate`.
        public let pointer: String
        public let detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public let status: HTTPResponse.Status
    /// The last part of the `type` URI: `/problems/<kind>`.
    public let kind: String
    public let detail: String
    public let errors: [FieldError]
    /// Extra response headers (`Allow`, `Retry-After`).
    public let headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status,
        kind: String,
        detail: String,
        errors: [FieldError] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem's short, human summary: the status's reason phrase.
    public var title: String { status.reasonPhrase }
}

extension Problem {
    /// 400: the body is not JSON, a member has the wrong type, is unknown or is missing.
    public static func badRequest(_ detail: String, pointer: String? = nil) -> Problem {
        Problem(.badRequest, kind: "bad-request", detail: detail, errors: pointer.map { [FieldError(pointer: $0, detail: detail)] } ?? [])
    }

    /// 422: well-formed but unusable input.
    public static func unprocessable(_ detail: String, kind: String = "invalid-value", pointer: String? = nil) -> Problem {
        Problem(.unprocessableContent, kind: kind, detail: detail, errors: pointer.map { [FieldError(pointer: $0, detail: detail)] } ?? [])
    }
}
