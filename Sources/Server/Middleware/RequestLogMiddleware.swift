import Foundation
import Hummingbird
import Logging
import NIOCore

/// Logs one line per request at `info`: method, path, status and duration in milliseconds.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ProblemMiddleware renders every error; this is a last resort so that the line is never lost.
            log(request, status: 500, since: start, logger: context.logger)
            throw error
        }
        log(request, status: response.status.code, since: start, logger: context.logger)
        return response
    }

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, logger: Logger) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method.rawValue) \(request.uri.path) \(status) \(String(format: "%.1f", milliseconds))ms")
    }
}
