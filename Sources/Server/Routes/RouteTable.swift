import HTTPTypes

/// Every path the server serves and the methods each accepts: the single list that turns Hummingbird's 404 for a
/// known path into 405 with `Allow` (any method, even ones never heard of), and that tests hold against `openapi.yaml`.
enum RouteTable {
    struct Entry: Sendable {
        /// The path in Hummingbird's template form (`/jobs/{id}`), which is also OpenAPI's.
        let path: String
        let methods: [HTTPRequest.Method]
        /// The template's segments, split once.
        private let segments: [Substring]

        init(path: String, methods: [HTTPRequest.Method]) {
            self.path = path
            self.methods = methods
            self.segments = RouteTable.segments(of: path)
        }

        /// The methods `Allow` lists: the served ones, plus HEAD where GET is served (Hummingbird answers it).
        var allowed: [HTTPRequest.Method] { methods + (methods.contains(.get) ? [.head] : []) }

        /// Whether a concrete path's segments fit the template; `{name}` matches one non-empty segment.
        func matches(segments concrete: [Substring]) -> Bool {
            guard segments.count == concrete.count else { return false }
            return zip(segments, concrete).allSatisfy { pattern, segment in
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

    /// The entry whose template fits `path`, if any (the path is split once, the templates were split at start).
    static func entry(for path: String) -> Entry? {
        let concrete = segments(of: path)
        return entries.first { $0.matches(segments: concrete) }
    }

    static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false)
    }
}
