import Logging

/// Where access-log lines go, chosen once from the application's logger: with ``JSONLogHandler`` (`--log-format
/// json`), straight from the entry's fields into that handler's lines (``JSONLogHandler/logAccess(_:)``); with any
/// other handler, through the request's logger as swift-log metadata.
///
/// Taking the handler once, instead of casting the request's logger's handler for every line, saves copying it per
/// request. It writes the same line: the request's logger is the application's, with the request id (which the entry
/// carries itself) as its only added metadata.
final class AccessLog: Sendable {
    private let json: JSONLogHandler?

    init(logger: Logger) {
        // A cast to the concrete type: a cast to a protocol looks conformances up.
        json = logger.handler as? JSONLogHandler
    }

    /// Writes `entry`'s line, at `info`, for a request whose logger is `logger`.
    func write(_ entry: AccessLogEntry, logger: Logger) {
        if json == nil {
            logger.info(entry.message, metadata: entry.metadata)
        } else {
            json?.logAccess(entry)  // called in place: binding the handler to a name would copy it
        }
    }
}
