import HTTPTypes

/// The problems the server itself raises (the wire layer raises `badRequest` and `unprocessable`).
extension Problem {
    /// 404 for a job or model that does not exist (or was forgotten).
    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, kind: "not-found", detail: detail)
    }

    /// 404 for a path no route serves.
    static func noRoute(method: HTTPRequest.Method, path: String) -> Problem {
        Problem(.notFound, kind: "not-found", detail: "no route for \(method.rawValue) \(path)")
    }

    /// 405 for a known path and a method it does not serve, with `Allow`.
    static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]) -> Problem {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(
            .methodNotAllowed, kind: "method-not-allowed",
            detail: "\(path) does not support \(method.rawValue); allowed: \(allow)",
            headers: [.allow: allow]
        )
    }

    /// 409: cancelling a job that has already finished, deleting an aliased model.
    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, kind: "conflict", detail: detail)
    }

    /// 413: the body is larger than `--max-body-bytes`.
    static func payloadTooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge, kind: "payload-too-large",
            detail: "request body is larger than the limit of \(limit) bytes (max-body-bytes)"
        )
    }

    /// 422 carrying NumPy's own message byte for byte.
    static func numpy(_ message: String) -> Problem {
        Problem(.unprocessableContent, kind: "numpy", detail: message)
    }

    /// 429: the job queue is full.
    static func queueFull(limit: Int) -> Problem {
        Problem(
            .tooManyRequests, kind: "queue-full",
            detail: "the job queue is full (\(limit) jobs waiting, max-queued-jobs); retry later",
            headers: [.retryAfter: String(retryAfterSeconds)]
        )
    }

    /// 503: the server is shutting down.
    static var shuttingDown: Problem {
        Problem(.serviceUnavailable, kind: "shutting-down", detail: "the server is shutting down", headers: [.retryAfter: String(retryAfterSeconds)])
    }

    /// 500: a fault of the server, never of the request; details go to the log only.
    static var internalError: Problem {
        Problem(.internalServerError, kind: "internal", detail: "the server failed to answer this request")
    }
}

extension Problem {
    /// 415: a `Content-Encoding` other than gzip (or identity).
    static func unsupportedEncoding(_ coding: String) -> Problem {
        Problem(
            .unsupportedMediaType, kind: "unsupported-encoding",
            detail: "Content-Encoding \(coding) is not supported; send gzip or no encoding",
            headers: [.acceptEncoding: "gzip"])
    }
}
