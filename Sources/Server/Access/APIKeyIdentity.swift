/// The key a request was authenticated with: its name (logged) and scope. Never holds the key itself.
public struct APIKeyIdentity: Sendable, Equatable {
    public let name: String
    public let scope: APIKeyScope

    public init(name: String, scope: APIKeyScope) {
        self.name = name
        self.scope = scope
    }
}
