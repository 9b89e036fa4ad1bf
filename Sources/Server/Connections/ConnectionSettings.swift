/// How long a connection may take over each part of a request, how many may be open, and how long a drain lasts.
///
/// Enforced per connection by ``ConnectionGuardHandler``; the README's "Limits and timeouts" section says what each does.
public struct ConnectionSettings: Sendable, Equatable {
    /// The whole request head (request line and headers) must arrive within this time of the connection opening or of
    /// the first byte of a request on a kept-alive connection. Not reset by each byte. 408 (if any byte came), then close.
    public var headerTimeout: Duration
    /// A kept-alive connection with no request in progress is closed after this time.
    public var idleTimeout: Duration
    /// While a body is read, at least this many bytes per second must arrive, measured over ``bodyRateWindow``.
    public var minBodyBytesPerSecond: Int
    /// The window the body rate is measured over (and the longest a body may stall).
    public var bodyRateWindow: Duration
    /// Open connections at most; at the cap the oldest connection that is idle or still reading its head is closed.
    public var maxConnections: Int
    /// After SIGTERM, connections still reading or answering a request are closed after this time.
    public var shutdownGrace: Duration

    public init(
        headerTimeout: Duration = .seconds(15),
        idleTimeout: Duration = .seconds(60),
        minBodyBytesPerSecond: Int = 1024,
        bodyRateWindow: Duration = .seconds(10),
        maxConnections: Int = 4096,
        shutdownGrace: Duration = .seconds(10)
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.minBodyBytesPerSecond = minBodyBytesPerSecond
        self.bodyRateWindow = bodyRateWindow
        self.maxConnections = maxConnections
        self.shutdownGrace = shutdownGrace
    }
}
