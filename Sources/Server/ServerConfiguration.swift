import Engine
import Foundation
import Logging

/// Everything `descent serve` can be told: where to listen, how much work to take on, and the request limits.
public struct ServerConfiguration: Sendable, Equatable {
    /// The address to bind (`127.0.0.1` by default; `0.0.0.0` in a container).
    public var host: String
    /// The TCP port (`8080` by default; `0` picks a free one).
    public var port: Int
    /// Training jobs that may run at once.
    public var workers: Int
    /// Jobs that may wait for a worker before `POST /train` answers 429.
    public var maxQueuedJobs: Int
    /// Finished jobs remembered; the oldest are forgotten first (their models stay).
    public var maxFinishedJobs: Int
    /// Request size and training bounds.
    public var limits: Limits
    /// The least severe level that is logged.
    public var logLevel: Logger.Level
    /// Where state is kept across restarts (SQLite `DIR/descent.sqlite`); nil keeps it in memory only.
    public var dataDirectory: String?
    /// How often a running job writes a checkpoint with a data directory, in seconds; 0 only at its snapshots.
    public var checkpointSeconds: Double
    /// The replicas' shared store (`--database-url postgres://…`); nil: `dataDirectory` or memory.
    public var database: DatabaseSettings?
    /// Connection deadlines, the connection cap and the shutdown grace period.
    public var connections = ConnectionSettings()
    /// Which `Origin`s may change state and which `Host`s are served.
    public var crossSite = CrossSitePolicy()
    /// Whether requests, jobs, models, predictions and store writes are counted for `GET /metrics` (`--metrics`).
    public var metricsEnabled = true
    /// Whether each request gets an access-log line (`--access-log`).
    public var accessLog = true
    /// The bounds of the live job streams (`GET /jobs/{id}/events`).
    public var events = EventStreamSettings()
    /// The API keys (`--api-keys-file`): names, scopes and hashes. Empty: no key is asked for (the default).
    public var apiKeys: [APIKeyRecord] = []
    /// Whether `GET /metrics` needs a read key when keys are configured (`--metrics-auth`); open by default.
    public var metricsAuth = false
    /// The certificate and key to serve HTTPS with (`--tls-cert`, `--tls-key`); nil serves plain HTTP.
    public var tls: TLSFiles?
    /// Responses of at least this many bytes are gzipped when the client accepts it (`--gzip-min-bytes`).
    public var gzipMinimumBytes = ServerConfiguration.defaultGzipMinimumBytes
    /// The kernel of a job whose request names no `precision` (`--default-precision`): NumPy's bits unless told.
    public var defaultPrecision = Precision.exact

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        workers: Int = ServerConfiguration.defaultWorkers,
        maxQueuedJobs: Int = 64,
        maxFinishedJobs: Int = 1000,
        limits: Limits = Limits(),
        logLevel: Logger.Level = .info,
        dataDirectory: String? = nil,
        checkpointSeconds: Double = ServerConfiguration.defaultCheckpointSeconds
    ) {
        self.host = host
        self.port = port
        self.workers = workers
        self.maxQueuedJobs = maxQueuedJobs
        self.maxFinishedJobs = maxFinishedJobs
        self.limits = limits
        self.logLevel = logLevel
        self.dataDirectory = dataDirectory
        self.checkpointSeconds = checkpointSeconds
    }

    /// 1 KiB: smaller answers gain little from gzip.
    public static let defaultGzipMinimumBytes = 1024

    /// Whether `host` is a loopback address (only this machine can connect).
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Seconds between checkpoints of a running job.
    public static let defaultCheckpointSeconds = 5.0

    /// The number of active processor cores.
    public static var defaultWorkers: Int { ProcessInfoCores.count }
}

/// How a replica uses the PostgreSQL store that several replicas share (`--database-url` and its companions).
public struct DatabaseSettings: Sendable, Equatable {
    /// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    public var url: String
    /// How long start-up waits for the database, and how long any one database call may take before it counts as
    /// unavailable (503).
    public var timeout: Duration
    /// How often every replica reloads its in-memory copies, in case an announcement was missed.
    public var syncInterval: Duration
    /// How long a claimed job stays this replica's without a renewal; renewed every third of it. A replica that
    /// dies loses its jobs to another replica after at most this long.
    public var lease: Duration

    public init(
        url: String, timeout: Duration = DatabaseSettings.defaultTimeout, syncInterval: Duration = DatabaseSettings.defaultSyncInterval,
        lease: Duration = DatabaseSettings.defaultLease
    ) {
        self.url = url
        self.timeout = timeout
        self.syncInterval = syncInterval
        self.lease = lease
    }

    public static let defaultTimeout = Duration.seconds(10)
    public static let defaultSyncInterval = Duration.seconds(30)
    public static let defaultLease = Duration.seconds(15)
}
