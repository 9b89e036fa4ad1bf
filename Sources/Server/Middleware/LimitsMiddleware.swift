import Hummingbird

/// Copies the configured body limit into every request's context (`context.maxUploadSize`).
struct LimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limits: Limits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = limits.maxBodyBytes
        return try await next(request, context)
    }
}
