import HTTPTypes

/// Every path the server serves and the methods each accepts: the single list that turns Hummingbird's 404 for a
/// known path into 405 with `Allow` (any method, even ones never heard of), and that tests hold against `openapi.yaml`.
enum RouteTable {
    struct Entry: Sendable {
        /// The path in Hummingbird's template form (`/jobs/{id}`), which is also OpenAPI's.
        let path: String
        let methods: [HTTPRequest.Method]

        /// The methods `Allow` lists: the served ones, plus HEAD where GET is served (Hummingbird answers it).
        var allowed: [HTTPRequest.Method] { methods + (methods.contains(.get) ? [.head] : []) }

        /// Whether a concrete path fits the template; `{name}` matches one non-empty segment.
        func matches(_ requestPath: String) -> Bool {
            let template = path.split(separator: "/", omittingEmptySubsequences: false)
            let concrete = requestPath.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == concrete.count else { return false }
            return zip(template, concrete).allSatisfy { pattern, segment in
                pattern.hasPrefix("{") ? !segment.isEmpty : pattern == segment
            }
        }
    }

    static let entries: [Entry] = [
        Entry(path: "/", methods: [.get]),
        Entry(path: "/health", methods: [.get]),
        Entry(path: "/health/live", methods: [.get]),
        Entry(path: "/health/ready", methods: [.get]),
        Entry(path: "/metrics", methods: [.get]),
        Entry(path: "/openapi.yaml", methods: [.get]),
        Entry(path: "/broadcast", methods: [.post]),
        Entry(path: "/train", methods: [.post]),
        Entry(path: "/jobs", methods: [.get]),
        Entry(path: "/jobs/{id}", methods: [.get, .delete]),
        Entry(path: "/jobs/{id}/events", methods: [.get]),
        Entry(path: "/jobs/{id}/loss.svg", methods: [.get]),
        Entry(path: "/models", methods: [.get]),
        Entry(path: "/models/{ref}", methods: [.get, .delete]),
        Entry(path: "/models/{ref}/aliases/{alias}", methods: [.put, .delete]),
        Entry(path: "/predict", methods: [.post]),
        Entry(path: "/v2", methods: [.get]),
        Entry(path: "/v2/health/live", methods: [.get]),
        Entry(path: "/v2/health/ready", methods: [.get]),
        Entry(path: "/v2/models/{name}", methods: [.get]),
        Entry(path: "/v2/models/{name}/ready", methods: [.get]),
        Entry(path: "/v2/models/{name}/infer", methods: [.post]),
        Entry(path: "/v2/models/{name}/versions/{version}", methods: [.get]),
        Entry(path: "/v2/models/{name}/versions/{version}/ready", methods: [.get]),
        Entry(path: "/v2/models/{name}/versions/{version}/infer", methods: [.post]),
    ]

    /// The entry whose template fits `path`, if any.
    static func entry(for path: String) -> Entry? {
        entries.first { $0.matches(path) }
    }
}
