import Hummingbird

/// Answers 503 to every request that arrives once shutdown has begun (on a connection that is still open).
struct ShutdownMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let runner: JobRunner
    var drain = DrainState()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !runner.isStopping && !drain.isDraining else { throw Problem.shuttingDown }
        return try await next(request, context)
    }
}
