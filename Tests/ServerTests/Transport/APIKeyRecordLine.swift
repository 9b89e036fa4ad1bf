@testable import Server

/// A keys-file line for a test key, made the way `descent keys new` makes it.
enum APIKeyRecordLine {
    static func line(name: String, scope: String, key: String) -> String {
        APIKeyRecord(name: name, scope: APIKeyScope(rawValue: scope) ?? .read, key: key).line
    }
}
