import HTTPTypes

/// The problems of access control: 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750), 403 for a scope.
extension Problem {
    static let realm = #"Bearer realm="descent""#

    /// 401: the route needs an API key and the request has none.
    static var keyRequired: Problem {
        Problem(
            .unauthorized, kind: "unauthorized",
            detail: "an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>",
            headers: [.wwwAuthenticate: realm])
    }

    /// 401: the key given is not one of the configured keys.
    static var invalidKey: Problem {
        Problem(
            .unauthorized, kind: "unauthorized", detail: "the API key is not valid",
            headers: [.wwwAuthenticate: realm + #", error="invalid_token""#])
    }

    /// 403: the key is valid but its scope does not cover the route.
    static func insufficientScope(_ scope: APIKeyScope, key: String) -> Problem {
        Problem(
            .forbidden, kind: "forbidden", detail: "the API key \(key) has scope read; this route needs \(scope.rawValue)",
            headers: [.wwwAuthenticate: realm + #", error="insufficient_scope", scope="\#(scope.rawValue)""#])
    }
}
