import Foundation
import Hummingbird
import Logging
import NIOCore

/// The access log: one line per request at `info` (``AccessLogEntry``): the method, the route template, the path with
/// its query, the status, the body's bytes (when known), the duration in milliseconds, the request id that
/// ``RequestIDMiddleware`` put in the logger, and `key`: the name of the API key used (`unknown` for a key that is
/// not configured; absent without one). Keys themselves are never logged.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ProblemMiddleware renders every error; this is a last resort so that the line is never lost.
            log(request, context: context, status: 500, bytes: nil, since: start)
            throw error
        }
        log(request, context: context, status: response.status.code, bytes: response.body.contentLength, since: start)
        return response
    }

    private func log(_ request: Request, context: Context, status: Int, bytes: Int?, since start: ContinuousClock.Instant) {
        guard context.logger.logLevel <= .info else { return }
        let elapsed = (ContinuousClock.now - start).components
        let key: String? =
            if let identity = context.identity { identity.name } else if APIKeyCredential.isPresent(in: request.headers) { "unknown" } else { nil }
        let entry = AccessLogEntry(
            method: request.method.rawValue, route: HTTPMetricsMiddleware.route(context), path: request.head.path ?? "",
            status: status, bytes: bytes,
            nanoseconds: elapsed.seconds &* 1_000_000_000 &+ elapsed.attoseconds / 1_000_000_000, key: key
        )
        if let handler = context.logger.handler as? any AccessLogWriting {
            handler.logAccess(entry)
        } else {
            context.logger.info(entry.message, metadata: entry.metadata)
        }
    }
}
