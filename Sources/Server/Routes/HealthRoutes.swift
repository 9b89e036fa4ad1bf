import Foundation
import Hummingbird

/// `GET /health` and `GET /openapi.yaml`.
struct HealthRoutes {
    let registry: ModelRegistry
    let runner: JobRunner
    let startedAt: ContinuousClock.Instant
    let openAPIDocument: ByteBuffer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in try health() }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: openAPIDocument)
            )
        }
    }

    func health() throws -> Response {
        let elapsed = ContinuousClock.now - startedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counts = runner.counts
        let body = HealthResponse(
            status: runner.isStopping ? "shutting-down" : "ok",
            version: DescentVersion.string,
            uptimeSeconds: (seconds * 1000).rounded() / 1000,
            models: registry.count,
            jobs: .init(queued: counts.queued, running: counts.running)
        )
        return try JSONBody.response(body)
    }
}
