import CoreMetrics
import Dispatch
import Hummingbird
import Logging

/// Observes every request, in one middleware frame and with one clock: gives the request its id (``RequestID``) in
/// the context (for problem+json bodies), in the logger metadata as `request_id` (so every line logged about the
/// request carries it) and on the response; then, with `--metrics`, records its duration and the in-flight gauge in
/// ``HTTPMetrics`` and, with `--access-log`, writes its access-log line (``AccessLogEntry``, through ``AccessLog``).
///
/// The duration runs until the handler returns its response, not until the body is written: wrapping every body in
/// a closure (as Hummingbird's `MetricsMiddleware` does) loses the single-buffer write path and cost ~20% of
/// `/predict`'s throughput here. Bodies are encoded before they are returned, so little is left out.
///
/// It plays the parts of Hummingbird's `MetricsMiddleware` and `LogRequestsMiddleware`, which cannot be used here:
/// the first writes to the global `MetricsSystem` only (tests in one process each need their own registry), names the
/// histogram without the `_seconds` unit operations.md asks for and labels unmatched routes `NotFound`; the second
/// writes its own line format. One frame instead of three (id, metrics, log) is also what kept their cost down.
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The HTTP series; nil with `--metrics false`.
    let metrics: HTTPMetrics?
    /// Where access-log lines go; nil with `--access-log false`.
    let accessLog: AccessLog?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = RequestID.of(request.head)
        context.requestID = id
        // One key for the id in every line; Hummingbird's `context.id` reads the key removed here, so code after this
        // point uses `context.requestID` instead.
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        let observed = metrics != nil || accessLog != nil
        let start = observed ? DispatchTime.now().uptimeNanoseconds : 0
        let active = metrics?.activeRequests(request.method)
        active?.increment()
        defer { active?.decrement() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // ProblemMiddleware (inside) renders every error first; this is a last resort that keeps the id on it.
            response = try error.response(from: request, context: context)
        } catch {
            if observed { observe(request, context: context, status: 500, bytes: nil, since: start) }
            throw error
        }
        if observed { observe(request, context: context, status: response.status.code, bytes: response.body.contentLength, since: start) }
        response.headers[.requestID] = id
        return response
    }

    private func observe(_ request: Request, context: Context, status: Int, bytes: Int?, since start: UInt64) {
        let nanoseconds = Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start)
        // The matched route's template: the router fills it in (a shared box) before the route's middleware runs, or
        // with `NotFound` when nothing matched.
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? HTTPMetrics.unknownRoute
        metrics?.record(route: route, method: request.method, status: status, nanoseconds: nanoseconds)
        if let accessLog { log(request, context: context, route: route, status: status, bytes: bytes, nanoseconds: nanoseconds, to: accessLog) }
    }

    private func log(_ request: Request, context: Context, route: String, status: Int, bytes: Int?, nanoseconds: Int64, to accessLog: AccessLog) {
        guard context.logger.logLevel <= .info else { return }
        let key: String? =
            if let identity = context.identity { identity.name } else if APIKeyCredential.isPresent(in: request.headers) { "unknown" } else { nil }
        let entry = AccessLogEntry(
            method: request.method.rawValue, route: route, path: request.head.path ?? "", status: status, bytes: bytes,
            nanoseconds: nanoseconds, key: key, requestID: context.requestID ?? "")
        accessLog.write(entry, logger: context.logger)
    }
}
