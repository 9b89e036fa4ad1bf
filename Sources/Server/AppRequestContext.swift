import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import Logging
import NIOCore
import Wire

/// The request context of every descent route: Hummingbird's core storage plus the configured body limit and the
/// request id and the API key's identity.
///
/// It exists so that `maxUploadSize` follows `--max-body-bytes` (set per request by `LimitsMiddleware`, since
/// Hummingbird builds contexts from the channel alone) and so JSON responses are encoded one way: sorted keys,
/// unescaped slashes, non-finite numbers as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
public struct AppRequestContext: RequestContext, AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The body limit in bytes; `LimitsMiddleware` sets it from the configuration before any route runs.
    var maxBodyBytes: Int
    /// The client's connection, to notice when it goes away (``ConnectionWatch``).
    let channel: (any Channel)?
    /// The request's id (`X-Request-ID`); ``RequestObservationMiddleware`` sets it before any route runs.
    var requestID: String?
    /// The API key the request was authenticated with (``APIKeyAuthenticator``), if any.
    public var identity: APIKeyIdentity?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.maxBodyBytes = Limits().maxBodyBytes
        self.channel = source.channel
        self.requestID = nil
    }

    public var maxUploadSize: Int { maxBodyBytes }
    public var responseEncoder: JSONEncoder { Self.encoder }

    /// Built once and never mutated afterwards, so sharing it between requests is safe.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: NonFiniteSpelling.infinity, negativeInfinity: NonFiniteSpelling.negativeInfinity,
            nan: NonFiniteSpelling.nan)
        return encoder
    }()
}
