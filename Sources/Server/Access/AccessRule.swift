import HTTPTypes

/// Which scope a request needs, from its method and path (operations.md, "Access"):
///
/// - open: `/health`, `/health/live`, `/health/ready`, `/openapi.yaml`, the page `GET /`, `/metrics` unless
///   `--metrics-auth`, and CORS preflights (`OPTIONS`, which browsers send without credentials);
/// - read: every GET, `POST /predict`, `POST /broadcast`, V2 `infer`; a method a known path does not serve (so any
///   key learns 405) and unknown paths (404);
/// - write: everything else (`POST /train`, every DELETE, alias changes).
enum AccessRule: Sendable, Equatable {
    case open
    case needs(APIKeyScope)

    static let openPaths: Set<String> = ["/", "/health", "/health/live", "/health/ready", "/openapi.yaml"]

    static func rule(method: HTTPRequest.Method, path: String, metricsNeedKey: Bool) -> AccessRule {
        if method == .options { return .open }
        if openPaths.contains(path) { return .open }
        if path == "/metrics" { return metricsNeedKey ? .needs(.read) : .open }
        if method == .get || method == .head { return .needs(.read) }
        // The reading POSTs first: they are the hot path, and need no look-up in the table.
        if method == .post && (path == "/predict" || path == "/broadcast" || path.hasSuffix("/infer")) { return .needs(.read) }
        guard let entry = RouteTable.entry(for: path), entry.allowed.contains(method) else { return .needs(.read) }
        return .needs(.write)
    }
}
