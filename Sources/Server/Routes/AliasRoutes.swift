import Hummingbird
import Storage

/// `PUT /models/{ref}/aliases/{alias}` with `{"version": n}` (201 new, 200 moved) and
/// `DELETE /models/{ref}/aliases/{alias}` (204). Flips are atomic for readers of `name@alias`.
struct AliasRoutes {
    let registry: ModelRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.put("/models/{ref}/aliases/{alias}") { request, context in
            let name = try context.parameters.require("ref")
            let alias = try context.parameters.require("alias")
            let body = try AliasRequest(json: try await JSONRequestBody.json(request, context: context))
            let (model, created) = try await registry.setAlias(alias, of: name, to: body.version)
            let response = AliasResponse(name: name, alias: alias, version: body.version, modelID: model.id)
            return try JSONBody.response(response, status: created ? .created : .ok)
        }
        router.delete("/models/{ref}/aliases/{alias}") { _, context in
            let name = try context.parameters.require("ref")
            let alias = try context.parameters.require("alias")
            try await registry.removeAlias(alias, of: name)
            return Response(status: .noContent)
        }
    }
}
