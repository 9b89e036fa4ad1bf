import HTTPTypes

/// Every path the server serves and the methods each accepts: the single list that drives the 405 answers
/// (`Allow`) and that tests hold against `openapi.yaml`.
enum RouteTable {
    struct Entry: Sendable {
        /// The path in Hummingbird's template form (`/jobs/{id}`), which is also OpenAPI's.
        let path: String
        let methods: [HTTPRequest.Method]
    }

    static let entries: [Entry] = [
        Entry(path: "/health", methods: [.get]),
        Entry(path: "/openapi.yaml", methods: [.get]),
        Entry(path: "/broadcast", methods: [.post]),
        Entry(path: "/train", methods: [.post]),
        Entry(path: "/jobs", methods: [.get]),
        Entry(path: "/jobs/{id}", methods: [.get, .delete]),
        Entry(path: "/models", methods: [.get]),
        Entry(path: "/models/{ref}", methods: [.get, .delete]),
        Entry(path: "/predict", methods: [.post]),
    ]

    /// The methods a client might try that a path may not serve (HEAD comes free with GET).
    static let probedMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .options, .head]
}
