import Foundation
import Hummingbird
import Logging
import NIOCore

/// The access log: one line per request at `info`, with the method, the route template, the path with its query,
/// the status, the body's bytes (when known) and the duration in milliseconds as metadata, and the request id that
/// ``RequestIDMiddleware`` put in the logger, and `key`: the name of the API key used (`unknown` for a key that is
/// not configured; absent without one). Keys themselves are never logged. The message reads
/// `GET /models?limit=2 200 143B 0.4ms`.
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

    /// `elapsed` in milliseconds with three decimals, without `String(format:)` (slow on Linux, and this runs once
    /// per request).
    static func milliseconds(_ elapsed: Duration) -> String {
        let microseconds = max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private func log(_ request: Request, context: Context, status: Int, bytes: Int?, since start: ContinuousClock.Instant) {
        guard context.logger.logLevel <= .info else { return }
        let duration = Self.milliseconds(ContinuousClock.now - start)
        let path = request.uri.description
        let size = bytes.map { "\($0)B" } ?? "-"
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(HTTPMetricsMiddleware.route(context)),
            "path": .string(path),
            "status": .string(String(status)),
            "bytes": .string(bytes.map(String.init) ?? "-"),
            "duration_ms": .string(duration),
        ]
        if let identity = context.identity {
            metadata["key"] = .string(identity.name)
        } else if APIKeyCredential.isPresent(in: request.headers) {
            metadata["key"] = "unknown"
        }
        context.logger.info("\(request.method.rawValue) \(path) \(status) \(size) \(duration)ms", metadata: metadata)
    }
}
