import Hummingbird
import Storage

/// `GET /models` (summaries, newest first, paged), `GET /models/{ref}` and `DELETE /models/{ref}` (`?force=true`
/// also removes aliases pointing at it). `{ref}` is an id, a name (`?version=` picks a version) or `name@alias`.
struct ModelRoutes {
    let registry: ModelRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/models") { request, _ in
            let page = try PageRequest(request.uri.queryParameters)
            let (models, next) = registry.page(limit: page.limit, before: page.cursor)
            let items = models.map { ModelResponse($0, aliases: registry.aliases(of: $0), includeWeights: false) }
            return try JSONBody.response(ModelListResponse(models: items, next: next.map(PageRequest.cursor)))
        }
        router.get("/models/{ref}") { request, context in
            let reference = try Self.reference(request, context: context)
            guard let model = registry.model(reference) else { throw RegistryError.notFound(reference) }
            return try await JSONBody.response(encodingOffThread: ModelResponse(model, aliases: registry.aliases(of: model), includeWeights: true))
        }
        router.delete("/models/{ref}") { request, context in
            let reference = try Self.reference(request, context: context)
            let force = try Self.flag(request.uri.queryParameters.get("force"), name: "force")
            _ = try await registry.delete(reference, force: force)
            return Response(status: .noContent)
        }
    }

    static func reference(_ request: Request, context: AppRequestContext) throws -> ModelReference {
        let ref = try context.parameters.require("ref")
        let version = try Self.version(request.uri.queryParameters.get("version"))
        return try ModelReference(ref, version: version)
    }

    /// `nil` when absent; 400 unless a whole number ≥ 1.
    static func version(_ value: String?) throws(Problem) -> Int? {
        guard let value else { return nil }
        guard let version = Int(value), version >= 1 else {
            throw Problem.badRequest("version must be a whole number of at least 1, got '\(value)'")
        }
        return version
    }

    /// `false` when absent; `true` or `false` otherwise, 400 for anything else.
    static func flag(_ value: String?, name: String) throws(Problem) -> Bool {
        switch value {
        case nil, "false": return false
        case "true": return true
        case let value?: throw Problem.badRequest("\(name) must be true or false, got '\(value)'")
        }
    }
}
