import HTTPTypes

/// The problems of the connection layer and of cross-site checks: faults of the client, never 500.
extension Problem {
    /// 400: the bytes are not HTTP/1 (answered by the connection layer, which then closes the connection).
    static func malformedHTTP(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "bad-request", detail: "the request is not valid HTTP/1.1: \(detail)")
    }

    /// 400: the client closed the connection or broke the body's framing before the body ended.
    static var bodyAborted: Problem {
        Problem(.badRequest, kind: "bad-request", detail: "the request body ended early or its framing is invalid")
    }

    /// 408: the request head did not arrive within the header deadline.
    static func requestTimeout(seconds: Double) -> Problem {
        Problem(
            .requestTimeout, kind: "request-timeout",
            detail: "the request head did not arrive within \(seconds) s (header-timeout-seconds)"
        )
    }

    /// 501: a `Transfer-Encoding` other than `chunked`.
    static func unsupportedTransferEncoding(_ value: String) -> Problem {
        Problem(
            .notImplemented, kind: "not-implemented",
            detail: "Transfer-Encoding '\(value)' is not supported; only 'chunked' is"
        )
    }

    /// 403: a state-changing request from an origin `--cors-origin` does not allow.
    static func originNotAllowed(_ origin: String) -> Problem {
        Problem(.forbidden, kind: "origin-not-allowed", detail: "requests from origin '\(origin)' may not change state (cors-origin)")
    }

    /// 421: a `Host` that `--allowed-hosts` does not list.
    static func hostNotAllowed(_ host: String) -> Problem {
        Problem(.misdirectedRequest, kind: "host-not-allowed", detail: "host '\(host)' is not served here (allowed-hosts)")
    }
}
