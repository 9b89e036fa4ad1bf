import Foundation
import NIOSSL
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require` as a client configuration.
///
/// `sslmode` defaults to `prefer` (TLS when the server offers it); `require` refuses a server without TLS. The
/// certificate is not verified against a CA in `prefer`; `require` verifies it with the system's trust roots.
public struct PostgresURL: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    public let sslMode: SSLMode

    /// How TLS is used.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    /// Parses `url`; the error says what is wrong with it, never the password.
    public init(_ url: String) throws(StoreError) {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw .unavailable("the database URL must look like postgres://user:password@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else { throw .unavailable("the database URL has no host") }
        guard let user = components.user, !user.isEmpty else { throw .unavailable("the database URL has no user") }
        let database = components.path.split(separator: "/").first.map(String.init) ?? user
        var mode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw .unavailable("the database URL has an unknown parameter '\(item.name)' (only sslmode is understood)")
            }
            guard let value = item.value, let parsed = SSLMode(rawValue: value) else {
                throw .unavailable("sslmode must be one of disable, prefer, require, got '\(item.value ?? "")'")
            }
            mode = parsed
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password
        self.database = database
        self.sslMode = mode
    }

    /// Where it points, without the password: `user@host:port/database`.
    public var redacted: String { "\(user)@\(host):\(port)/\(database)" }

    /// The postgres-nio configuration for it.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .prefer(configuration)
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
