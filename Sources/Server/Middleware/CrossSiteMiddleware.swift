import Foundation
import HTTPTypes
import Hummingbird

/// Cross-site safety while there are no API keys: browsers attach `Origin` to cross-site requests, curl does not.
///
/// - With `--allowed-hosts`, a `Host` not listed is 421 (defeats DNS rebinding, where the attacker's name points at
///   this server and the browser then sees it as same-origin).
/// - A POST, PUT, PATCH or DELETE with an `Origin` that is neither this server's own (the same authority as `Host`)
///   nor listed in `--cors-origin` is 403, before any route runs.
/// - For listed origins, responses (refusals included) carry `Access-Control-Allow-Origin` and
///   `Access-Control-Expose-Headers`, and a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) is
///   answered 204, allowing the API-key headers, `Content-Type` and `Content-Encoding`. Other origins get no CORS
///   headers at all.
struct CrossSiteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: CrossSitePolicy

    static let stateChanging: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority ?? ""
        if !policy.allowedHosts.isEmpty && !Self.hostAllowed(host, policy.allowedHosts) {
            throw Problem.hostNotAllowed(host)
        }
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let listed = policy.corsOrigins.contains { $0.caseInsensitiveCompare(origin) == .orderedSame }
        if listed, request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = Self.corsHeaders(origin)
            headers[.accessControlAllowMethods] = "GET, POST, PUT, DELETE"
            headers[.accessControlAllowHeaders] = Self.allowedRequestHeaders
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        if Self.stateChanging.contains(request.method) && !listed && !Self.isSameOrigin(origin, host: host) {
            throw Problem.originNotAllowed(origin)
        }
        guard listed else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            // A refusal (401, 403, 413, …) must be readable by the listed origin too.
            var headers = problem.headers
            for field in Self.corsHeaders(origin) { headers[values: field.name].append(field.value) }
            throw Problem(problem.status, kind: problem.kind, detail: problem.detail, errors: problem.errors, headers: headers)
        }
        for field in Self.corsHeaders(origin) { response.headers[values: field.name].append(field.value) }
        return response
    }

    /// The request headers a listed origin may send: the API key (either header), JSON bodies, gzip both ways and a
    /// request id.
    static let allowedRequestHeaders = "Authorization, X-API-Key, Content-Type, Content-Encoding, Accept-Encoding, X-Request-ID"

    /// The response headers a listed origin's script may read beyond the CORS-safelisted ones.
    static let exposedResponseHeaders = "Location, Retry-After, WWW-Authenticate, X-Request-ID, Content-Encoding"

    static func corsHeaders(_ origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlExposeHeaders: exposedResponseHeaders]
    }

    /// `Origin` `http://name:port` names the same authority as the request's `Host`.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        guard !host.isEmpty, let range = origin.range(of: "://") else { return false }
        return origin[range.upperBound...].lowercased() == host.lowercased()
    }

    /// `host` (`name` or `name:port`) matches an entry given as `name` or as `name:port`.
    static func hostAllowed(_ host: String, _ allowed: [String]) -> Bool {
        let host = host.lowercased()
        let name = hostName(host)
        return allowed.contains { entry in
            let entry = entry.lowercased()
            return entry == host || entry == name
        }
    }

    /// The name part of `name:port`, `[v6]:port` or `name`.
    static func hostName(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }
}
