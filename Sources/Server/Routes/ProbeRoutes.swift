import Hummingbird
import NIOCore
import Prometheus
import Storage

/// `GET /health/live`, `GET /health/ready` and `GET /metrics`: what an orchestrator and a scraper ask.
///
/// They are registered inside the request-id, metrics, access-log and problem middleware but before the cross-site
/// and shutdown checks, so a probe from any `Host` is answered and readiness can say "draining" while other routes
/// refuse with 503.
struct ProbeRoutes {
    let runner: JobRunner
    let drain: DrainState
    let metrics: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health/live") { _, _ in try JSONBody.response(LiveResponse()) }
        router.get("/health/ready") { _, context in try ready(context: context) }
        router.get("/metrics") { _, _ in scrape() }
    }

    /// Ready once the store is open (it is, or the application would not have been built) until draining begins,
    /// and, with a shared database, while the database answers (`/predict` goes on from memory meanwhile). The
    /// number of models plays no part: an empty registry is ready.
    func ready(context: AppRequestContext) throws -> Response {
        if drain.isDraining || runner.isStopping {
            return NotReadyBody.response(reason: "draining", requestID: context.requestID)
        }
        if let shared = runner.store.shared, !shared.isReachable {
            return NotReadyBody.response(reason: "database unreachable", requestID: context.requestID)
        }
        return try JSONBody.response(ReadyResponse())
    }

    /// The registry in Prometheus text format 0.0.4.
    func scrape() -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * 1024)
        metrics.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
