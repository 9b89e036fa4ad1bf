/// Which browser origins may change state, and which `Host`s this server answers to (`--cors-origin`, `--allowed-hosts`).
///
/// Enforced by ``CrossSiteMiddleware``; both lists are empty by default (no foreign origin, any host).
public struct CrossSitePolicy: Sendable, Equatable {
    /// Origins (`scheme://host[:port]`) allowed to send POST, PUT, PATCH and DELETE, and to read answers via CORS.
    public var corsOrigins: [String]
    /// Host names (optionally `name:port`) the `Host` header must match; empty means any.
    public var allowedHosts: [String]

    public init(corsOrigins: [String] = [], allowedHosts: [String] = []) {
        self.corsOrigins = corsOrigins
        self.allowedHosts = allowedHosts
    }
}
