import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// The key a request presents: `Authorization: Bearer <key>` (scheme in any case, as RFC 9110 says) or
/// `X-API-Key: <key>`. nil when neither header is there.
enum APIKeyCredential {
    static let apiKeyField = HTTPField.Name("X-API-Key")!

    static func presented(in headers: HTTPFields) -> String? {
        if let token = headers.bearer?.token { return token }
        if let authorization = headers[.authorization] {
            // hummingbird-auth only knows `Bearer ` spelled so; the scheme is case-insensitive.
            let scheme = "bearer "
            if authorization.count > scheme.count, authorization.prefix(scheme.count).lowercased() == scheme {
                return String(authorization.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
            }
        }
        return headers[apiKeyField]
    }

    /// Whether the request carries any credential at all (so an unknown one is told apart from none).
    static func isPresent(in headers: HTTPFields) -> Bool {
        headers[.authorization] != nil || headers[apiKeyField] != nil
    }
}
