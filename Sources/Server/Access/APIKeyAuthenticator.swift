import Foundation
import Crypto
import Hummingbird
import HummingbirdAuth

/// hummingbird-auth's authenticator over the configured key records: sets `context.identity` when the request
/// presents a known key, and leaves it nil otherwise (``AccessMiddleware`` then answers 401 where a key is needed).
///
/// The presented key is hashed and its digest compared with every record's in constant time (swift-crypto's digest
/// `==`), without stopping at a match, so timing tells nothing about which bytes or which record matched.
struct APIKeyAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    typealias Identity = APIKeyIdentity

    let records: [APIKeyRecord]

    func authenticate(request: Request, context: Context) async throws -> APIKeyIdentity? {
        guard let key = APIKeyCredential.presented(in: request.headers) else { return nil }
        return Self.identity(for: key, in: records)
    }

    static func identity(for key: String, in records: [APIKeyRecord]) -> APIKeyIdentity? {
        let digest = SHA256.hash(data: Array(key.utf8))
        var found: APIKeyRecord?
        for record in records where digest == record.digest {
            found = record
        }
        return found.map { APIKeyIdentity(name: $0.name, scope: $0.scope) }
    }
}
