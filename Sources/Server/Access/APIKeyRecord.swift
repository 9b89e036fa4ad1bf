import Crypto

/// One line of the API keys file: a key's name, its scope and the SHA-256 digest of the key (never the key).
public struct APIKeyRecord: Sendable, Equatable {
    /// The name logged with each request the key makes.
    public let name: String
    public let scope: APIKeyScope
    /// SHA-256 of the key's UTF-8 bytes, 32 bytes.
    public let digest: [UInt8]

    public init(name: String, scope: APIKeyScope, digest: [UInt8]) {
        self.name = name
        self.scope = scope
        self.digest = digest
    }

    /// The record for `key` itself (used by `descent keys new` and by tests).
    public init(name: String, scope: APIKeyScope, key: String) {
        self.init(name: name, scope: scope, digest: Array(SHA256.hash(data: Array(key.utf8))))
    }

    /// The record as a line of the keys file: `name scope sha256-hex`.
    public var line: String {
        "\(name) \(scope.rawValue) \(APIKeysFile.hex(digest))"
    }
}
