import Engine
import Logging
import Server

/// Every setting of `descent serve` (and the address `healthcheck` shares), with the defaults the server applies.
extension Setting {
    private static let server = ServerConfiguration()
    private static let limits = Limits()
    private static let connections = ConnectionSettings()

    static let host = Setting("host", "Address to listen on", default: server.host)
    static let port = Setting("port", "TCP port, 0 for any free one", default: String(server.port))
    /// `healthcheck`'s view of `host`: the same flag and variable, as the address to probe.
    static let probedHost = Setting("host", "Address of the server to probe; a wildcard address is probed on loopback", default: server.host)
    /// `healthcheck`'s view of `port`.
    static let probedPort = Setting("port", "TCP port of the server to probe", default: String(server.port))
    static let workers = Setting("workers", "Training jobs that run at once", default: "the number of cores")
    static let defaultPrecision = Setting(
        "defaultPrecision",
        "Kernel of a job whose request names no precision: exact (NumPy's bits) or fast (vectorised exp and FMA, loss within 1e-12)",
        default: server.defaultPrecision.rawValue)
    static let maxQueuedJobs = Setting(
        "maxQueuedJobs", "Jobs that may wait for a worker before POST /train answers 429", default: String(server.maxQueuedJobs))
    static let maxFinishedJobs = Setting(
        "maxFinishedJobs", "Finished jobs remembered, oldest forgotten first", default: String(server.maxFinishedJobs))
    static let maxBodyBytes = Setting("maxBodyBytes", "Largest request body in bytes; 413 past it", default: String(limits.maxBodyBytes))
    static let maxTrainElements = Setting(
        "maxTrainElements", "Largest training set n*d, given or generated; 422 past it", default: String(limits.maxTrainElements))
    static let maxBroadcastElements = Setting(
        "maxBroadcastElements", "Largest /broadcast operand or result in elements; 422 past it",
        default: String(limits.maxBroadcastElements))
    static let maxBroadcastResultElements = Setting(
        "maxBroadcastResultElements", "Largest /broadcast result in elements; 422 past it",
        default: String(limits.maxBroadcastResultElements))
    static let maxEpochs = Setting("maxEpochs", "Largest epochs a job may ask for; 422 past it", default: String(limits.maxEpochs))
    static let maxSnapshots = Setting(
        "maxSnapshots", "Most snapshots a job may record, epochs / snapshot_every; 422 past it", default: String(limits.maxSnapshots))
    static let maxFeatures = Setting(
        "maxFeatures", "Most features a model may have, given or generated; 422 past it", default: String(limits.maxFeatures))
    static let dataDir = Setting("dataDir", "Keep models and jobs across restarts in DIR/descent.sqlite", default: "in memory only")
    static let databaseUrl = Setting(
        "databaseUrl",
        "Share models and jobs with other replicas in PostgreSQL: postgres://user:password@host:port/db?sslmode=disable|prefer|require; not with --data-dir",
        default: "none")
    static let databaseTimeout = Setting(
        "databaseTimeout", "Seconds start-up waits for the database, and the longest one database call may take before it answers 503",
        default: seconds(DatabaseSettings.defaultTimeout))
    static let syncSeconds = Setting(
        "syncSeconds", "Seconds between full reloads of the models and jobs from the database, besides LISTEN/NOTIFY",
        default: seconds(DatabaseSettings.defaultSyncInterval))
    static let leaseSeconds = Setting(
        "leaseSeconds", "Seconds a replica holds a claimed job without renewing; a dead replica's job is taken over after it",
        default: seconds(DatabaseSettings.defaultLease))
    static let checkpointSeconds = Setting(
        "checkpointSeconds", "Seconds between checkpoints of a running job with --data-dir or --database-url; 0 = only at its snapshots",
        default: seconds(server.checkpointSeconds))
    static let logLevel = Setting(
        "logLevel", "Least severe level logged", default: server.logLevel.rawValue)
    static let logFormat = Setting("logFormat", "How log lines are written (json: one object per line)", default: LogFormat.text.rawValue)
    static let metrics = Setting(
        "metrics", "Count requests, jobs, models and predictions for GET /metrics: true or false", default: String(server.metricsEnabled))
    static let accessLog = Setting("accessLog", "Log one line per request at info: true or false", default: String(server.accessLog))
    static let headerTimeoutSeconds = Setting(
        "headerTimeoutSeconds", "Seconds for a whole request head to arrive; 408 and close past it",
        default: seconds(connections.headerTimeout))
    static let idleTimeoutSeconds = Setting(
        "idleTimeoutSeconds", "Seconds a kept-alive connection may sit idle before it is closed", default: seconds(connections.idleTimeout))
    static let minBodyBytesPerSecond = Setting(
        "minBodyBytesPerSecond", "Least request-body bytes per second, measured over the body window; closed below it",
        default: String(connections.minBodyBytesPerSecond))
    static let bodyWindowSeconds = Setting(
        "bodyWindowSeconds", "Seconds the body rate is measured over", default: seconds(connections.bodyRateWindow))
    static let maxConnections = Setting(
        "maxConnections", "Open connections at most; at the cap the oldest idle or header-reading one is closed",
        default: "90% of the raised file limit, at most 10000")
    static let shutdownGraceSeconds = Setting(
        "shutdownGraceSeconds", "Seconds after SIGTERM before connections with a request in progress are closed",
        default: seconds(connections.shutdownGrace))
    static let corsOrigin = Setting(
        "corsOrigin", "An origin (scheme://host[:port]) allowed to POST/PUT/DELETE and to read answers by CORS; repeatable or comma-separated",
        default: "none")
    static let allowedHosts = Setting(
        "allowedHosts", "A Host (name or name:port) this server answers; others get 421; repeatable or comma-separated", default: "any")

    private static let events = EventStreamSettings()
    static let maxEventStreamsPerJob = Setting(
        "maxEventStreamsPerJob", "Event streams (GET /jobs/{id}/events) of one job open at once; 503 past it",
        default: String(events.maxStreamsPerJob))
    static let maxEventStreams = Setting(
        "maxEventStreams", "Event streams of all jobs open at once; 503 past it", default: String(events.maxStreams))
    static let eventKeepAliveSeconds = Setting(
        "eventKeepAliveSeconds", "Seconds of silence after which an event stream sends a keep-alive comment",
        default: seconds(events.keepAlive))

    static let apiKeysFile = Setting(
        "apiKeysFile", "A file of API keys, one `name scope sha256-hex` a line (make one with `descent keys new`); without it no key is asked for",
        default: "none")
    static let metricsAuth = Setting(
        "metricsAuth", "Whether GET /metrics needs a read key when API keys are on: true or false", default: String(server.metricsAuth))
    static let tlsCert = Setting(
        "tlsCert", "PEM certificate chain to serve HTTPS (TLS 1.2+, HTTP/2 by ALPN) with; needs --tls-key", default: "none: plain HTTP")
    static let tlsKey = Setting("tlsKey", "PEM private key of --tls-cert", default: "none")
    static let gzipMinBytes = Setting(
        "gzipMinBytes", "Responses of at least this many bytes are gzipped when Accept-Encoding allows", default: String(server.gzipMinimumBytes))

    /// Seconds as `--help` shows them: `15`, `0.5`.
    private static func seconds(_ duration: Duration) -> String { seconds(SettingsReader.seconds(duration)) }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
