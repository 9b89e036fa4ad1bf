import Hummingbird

/// `GET /models` (summaries, newest first), `GET /models/{ref}` and `DELETE /models/{ref}`; `?version=` picks a version
/// of a name.
struct ModelRoutes {
    let registry: ModelRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/models") { _, _ in
            try JSONBody.response(ModelListResponse(models: registry.all().map { ModelResponse($0, includeWeights: false) }))
        }
        router.get("/models/{ref}") { request, context in
            let reference = try Self.reference(request, context: context)
            guard let model = registry.model(reference) else { throw Problem.notFound(reference.description) }
            return try JSONBody.response(ModelResponse(model, includeWeights: true))
        }
        router.delete("/models/{ref}") { request, context in
            let reference = try Self.reference(request, context: context)
            guard registry.remove(reference) != nil else { throw Problem.notFound(reference.description) }
            return Response(status: .noContent)
        }
    }

    static func reference(_ request: Request, context: AppRequestContext) throws -> ModelReference {
        let ref = try context.parameters.require("ref")
        let version = try Self.version(request.uri.queryParameters.get("version"))
        return ModelReference(ref, version: version)
    }

    /// `nil` when absent; 400 unless a whole number ≥ 1.
    static func version(_ value: String?) throws(Problem) -> Int? {
        guard let value else { return nil }
        guard let version = Int(value), version >= 1 else {
            throw Problem.badRequest("version must be a whole number of at least 1, got '\(value)'")
        }
        return version
    }
}
