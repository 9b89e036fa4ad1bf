import Dispatch
import Hummingbird
import Metrics

/// Records every request in ``HTTPMetrics``: its duration under the matched route's template (`/models/{ref}`, never
/// the raw path; `unknown` when no route matched), method and final status, and the in-flight gauge.
///
/// It plays the part of Hummingbird's `MetricsMiddleware`, which cannot be used here: it writes to the global
/// `MetricsSystem` only (tests in one process each need their own registry), names the histogram without the
/// `_seconds` unit operations.md asks for, and labels unmatched routes `NotFound`. Like it, this keeps the handles in
/// tables so that a request costs a dictionary lookup, not a registry lookup.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = metrics.activeRequests(request.method)
        active.increment()
        do {
            var response = try await next(request, context)
            let route = Self.route(context)
            let status = response.status.code
            let metrics = self.metrics
            let body = response.body
            // As Hummingbird's own middleware does (its `withPostWriteClosure` is not public): the request ends when
            // its body has been written, so that a streamed or off-thread-encoded body counts in full.
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer {
                    metrics.record(route: route, method: request.method, status: status, nanoseconds: Self.since(start))
                    active.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            // ProblemMiddleware (inside) renders every error, so this is a last resort.
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(route: Self.route(context), method: request.method, status: status, nanoseconds: Self.since(start))
            active.decrement()
            throw error
        }
    }

    /// The matched route's template; the router fills it in (a shared box) before the route's middleware runs, or
    /// with `NotFound` when nothing matched.
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return HTTPMetrics.unknownRoute }
        return path
    }

    private static func since(_ start: UInt64) -> Int64 {
        Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start)
    }
}
