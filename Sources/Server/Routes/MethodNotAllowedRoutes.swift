import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` for every known path and a method it does not serve; Hummingbird alone would say 404.
struct MethodNotAllowedRoutes {
    func addRoutes(to router: Router<AppRequestContext>) {
        for entry in RouteTable.entries {
            let allowed = entry.methods + (entry.methods.contains(.get) ? [.head] : [])
            for method in RouteTable.probedMethods where !allowed.contains(method) {
                router.on(RouterPath(entry.path), method: method) { request, _ -> Response in
                    throw Problem.methodNotAllowed(request.method, path: request.uri.path, allowed: allowed)
                }
            }
        }
    }
}
