import ArgumentParser
import Logging
import Server

/// `--log-format`: how log lines are written to standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// swift-log's `StreamLogHandler`: `timestamp level label: metadata message`.
    case text
    /// ``JSONLogHandler``: one JSON object per line.
    case json

    /// Installs the process's log handler; call once, before anything logs. Either writes through
    /// ``LogLineWriter/standardError``: call its `flush()` before the process exits.
    func bootstrap(level: Logger.Level) {
        switch self {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler(label: label, stream: LogLineWriter.Stream(.standardError))
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
