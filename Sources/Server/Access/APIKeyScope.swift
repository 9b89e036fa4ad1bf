/// What an API key may do: `read` (every GET, predictions, broadcasting, V2 metadata and inference) or `write`
/// (everything `read` may, plus training, deleting and alias changes).
public enum APIKeyScope: String, Sendable, Equatable, Comparable, CaseIterable {
    case read
    case write

    /// Whether a key of this scope may use a route that needs `required`: `write` includes `read`.
    public func allows(_ required: APIKeyScope) -> Bool { self >= required }

    public static func < (lhs: APIKeyScope, rhs: APIKeyScope) -> Bool {
        lhs == .read && rhs == .write
    }
}
