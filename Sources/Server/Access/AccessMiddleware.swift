import Hummingbird

/// Enforces ``AccessRule`` with the identity ``APIKeyAuthenticator`` found: 401 with `WWW-Authenticate: Bearer`
/// when a key is needed and none (or an unknown one) was given, 403 when the key's scope is too narrow.
///
/// Sits inside ``ProblemMiddleware`` (so `/v2` routes answer `{"error": …}`) and before every route.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metricsNeedKey: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch AccessRule.rule(method: request.method, path: request.uri.path, metricsNeedKey: metricsNeedKey) {
        case .open:
            return try await next(request, context)
        case .needs(let scope):
            guard let identity = context.identity else {
                throw APIKeyCredential.isPresent(in: request.headers) ? Problem.invalidKey : Problem.keyRequired
            }
            guard identity.scope.allows(scope) else { throw Problem.insufficientScope(scope, key: identity.name) }
            return try await next(request, context)
        }
    }
}
