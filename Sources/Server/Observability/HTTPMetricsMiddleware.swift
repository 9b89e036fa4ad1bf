import Dispatch
import Hummingbird
import Metrics

/// Records every request in ``HTTPMetrics``: its duration (until the handler returns its response) under the matched route's template (`/models/{ref}`, never
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
            let response = try await next(request, context)
            let route = Self.route(context)
            let status = response.status.code
            // Recorded when the handler returns its response, not after the body is written: wrapping every body
            // in a closure (as Hummingbird's own middleware does) loses the single-buffer write path and cost ~20%
            // of /predict's throughput here. Bodies are encoded before they are returned, so little is left out.
            metrics.record(route: route, method: request.method, status: status, nanoseconds: Self.since(start))
            active.decrement()
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
