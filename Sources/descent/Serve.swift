import ArgumentParser
import Logging
import Foundation
import Metrics
import NIOCore
import Prometheus
import Server
import Storage

/// `descent serve`: run the HTTP service until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP service (the default command). Every option can also be set by DESCENT_<NAME>, e.g. DESCENT_PORT."
    )

    @OptionGroup var address: AddressOptions

    @Option(help: "Training jobs that run at once (env DESCENT_WORKERS; default: the number of cores).")
    var workers: Int?

    @Option(help: "Jobs that may wait for a worker before POST /train answers 429 (env DESCENT_MAX_QUEUED_JOBS; default 64).")
    var maxQueuedJobs: Int?

    @Option(help: "Finished jobs remembered, oldest forgotten first (env DESCENT_MAX_FINISHED_JOBS; default 1000).")
    var maxFinishedJobs: Int?

    @Option(help: "Largest request body in bytes; 413 past it (env DESCENT_MAX_BODY_BYTES; default 67108864 = 64 MiB).")
    var maxBodyBytes: Int?

    @Option(help: "Largest training set n*d, given or generated; 422 past it (env DESCENT_MAX_TRAIN_ELEMENTS; default 100000000).")
    var maxTrainElements: Int?

    @Option(help: "Largest /broadcast operand or result in elements; 422 past it (env DESCENT_MAX_BROADCAST_ELEMENTS; default 10000000).")
    var maxBroadcastElements: Int?

    @Option(help: "Largest epochs a job may ask for; 422 past it (env DESCENT_MAX_EPOCHS; default 10000000).")
    var maxEpochs: Int?

    @Option(help: "Most snapshots a job may record, epochs / snapshot_every; 422 past it (env DESCENT_MAX_SNAPSHOTS; default 10000).")
    var maxSnapshots: Int?

    @Option(help: "Keep models and jobs across restarts in DIR/descent.sqlite (env DESCENT_DATA_DIR; default: in memory only).")
    var dataDir: String?

    @Option(help: "Share models and jobs with other replicas in PostgreSQL: postgres://user:password@host:port/db?sslmode=disable|prefer|require (env DESCENT_DATABASE_URL; not with --data-dir).")
    var databaseUrl: String?

    @Option(help: "Seconds start-up waits for the database, and the longest one database call may take before it answers 503 (env DESCENT_DATABASE_TIMEOUT; default 10).")
    var databaseTimeout: Double?

    @Option(help: "Seconds between full reloads of the models and jobs from the database, besides LISTEN/NOTIFY (env DESCENT_SYNC_SECONDS; default 30).")
    var syncSeconds: Double?

    @Option(help: "Seconds a replica holds a claimed job without renewing; a dead replica's job is taken over after it (env DESCENT_LEASE_SECONDS; default 15).")
    var leaseSeconds: Double?

    @Option(help: "Seconds between checkpoints of a running job with --data-dir or --database-url; 0 = only at its snapshots (env DESCENT_CHECKPOINT_SECONDS; default 5).")
    var checkpointSeconds: Double?

    @Option(help: "Least severe level logged: trace, debug, info, notice, warning, error, critical (env DESCENT_LOG_LEVEL; default info).")
    var logLevel: Logger.Level?

    @Option(help: "Most features a model may have, given or generated; 422 past it (env DESCENT_MAX_FEATURES; default 100000).")
    var maxFeatures: Int?

    @Option(help: "Largest /broadcast result in elements; 422 past it (env DESCENT_MAX_BROADCAST_RESULT_ELEMENTS; default 1000000).")
    var maxBroadcastResultElements: Int?

    @Option(help: "Seconds for a whole request head to arrive; 408 and close past it (env DESCENT_HEADER_TIMEOUT_SECONDS; default 15).")
    var headerTimeoutSeconds: Double?

    @Option(help: "Seconds a kept-alive connection may sit idle before it is closed (env DESCENT_IDLE_TIMEOUT_SECONDS; default 60).")
    var idleTimeoutSeconds: Double?

    @Option(help: "Least request-body bytes per second, measured over the body window; closed below it (env DESCENT_MIN_BODY_BYTES_PER_SECOND; default 1024).")
    var minBodyBytesPerSecond: Int?

    @Option(help: "Seconds the body rate is measured over (env DESCENT_BODY_WINDOW_SECONDS; default 10).")
    var bodyWindowSeconds: Double?

    @Option(help: "Open connections at most; at the cap the oldest idle or header-reading one is closed (env DESCENT_MAX_CONNECTIONS; default 90% of the raised file limit, at most 10000).")
    var maxConnections: Int?

    @Option(help: "Seconds after SIGTERM before connections with a request in progress are closed (env DESCENT_SHUTDOWN_GRACE_SECONDS; default 10).")
    var shutdownGraceSeconds: Double?

    @Option(help: "An origin (scheme://host[:port]) allowed to POST/PUT/DELETE and to read answers by CORS; repeatable or comma-separated (env DESCENT_CORS_ORIGIN; default none).")
    var corsOrigin: [String] = []

    @Option(help: "A Host (name or name:port) this server answers; others get 421; repeatable or comma-separated (env DESCENT_ALLOWED_HOSTS; default any).")
    var allowedHosts: [String] = []

    @Option(help: "How log lines are written: text or json, one object per line (env DESCENT_LOG_FORMAT; default text).")
    var logFormat: LogFormat?

    @Option(help: "Count requests, jobs, models and predictions for GET /metrics: true or false (env DESCENT_METRICS; default true).")
    var metrics: Bool?

    @Option(help: "Log one line per request at info: true or false (env DESCENT_ACCESS_LOG; default true).")
    var accessLog: Bool?

    func run() async throws {
        let configuration = try resolvedConfiguration()
        try EnvironmentSetting.resolve(logFormat, name: "log-format", default: .text).bootstrap(level: configuration.logLevel)
        // One registry per process, also behind the global MetricsSystem so that library metrics land beside ours.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            try await runServer(configuration: configuration, metrics: registry)
        } catch let error as StoreError {
            // One clear line for an unusable data directory (cannot be created, written, locked or read), or a database
            // that cannot be reached, or whose schema is newer than this build.
            let reason = if case .unavailable(let reason) = error { reason } else { error.description }
            FileHandle.standardError.write(Data("descent: \(reason)\n".utf8))
            throw ExitCode.failure
        } catch let error as IOError {
            // Binding the address failed (in use, not allowed): say which address, not the system call.
            let reason = String(cString: strerror(error.errnoCode))
            FileHandle.standardError.write(Data("descent: cannot listen on \(configuration.host):\(configuration.port): \(reason)\n".utf8))
            throw ExitCode.failure
        }
    }

    func resolvedConfiguration() throws -> ServerConfiguration {
        let defaults = Limits()
        let limits = Limits(
            maxBodyBytes: try positive(maxBodyBytes, "max-body-bytes", defaults.maxBodyBytes),
            maxTrainElements: try positive(maxTrainElements, "max-train-elements", defaults.maxTrainElements),
            maxBroadcastElements: try positive(maxBroadcastElements, "max-broadcast-elements", defaults.maxBroadcastElements),
            maxEpochs: try positive(maxEpochs, "max-epochs", defaults.maxEpochs),
            maxSnapshots: try positive(maxSnapshots, "max-snapshots", defaults.maxSnapshots)
        )
        var configuration = ServerConfiguration(
            host: try address.resolvedHost(),
            port: try address.resolvedPort(),
            workers: try positive(workers, "workers", ServerConfiguration.defaultWorkers),
            maxQueuedJobs: try atLeastZero(maxQueuedJobs, "max-queued-jobs", 64),
            maxFinishedJobs: try atLeastZero(maxFinishedJobs, "max-finished-jobs", 1000),
            limits: limits,
            logLevel: try EnvironmentSetting.resolve(logLevel, name: "log-level", default: .info),
            dataDirectory: try dataDirectory(),
            checkpointSeconds: try checkpointInterval()
        )
        configuration.limits.maxFeatures = try positive(maxFeatures, "max-features", defaults.maxFeatures)
        configuration.limits.maxBroadcastResultElements = try positive(
            maxBroadcastResultElements, "max-broadcast-result-elements", defaults.maxBroadcastResultElements)
        configuration.connections = try resolvedConnections()
        configuration.database = try resolvedDatabase()
        if configuration.database != nil && configuration.dataDirectory != nil {
            throw ValidationError("--data-dir and --database-url cannot be used together: choose one store")
        }
        configuration.metricsEnabled = try EnvironmentSetting.resolve(metrics, name: "metrics", default: true)
        configuration.accessLog = try EnvironmentSetting.resolve(accessLog, name: "access-log", default: true)
        configuration.crossSite = CrossSitePolicy(
            corsOrigins: EnvironmentSetting.resolveList(corsOrigin, name: "cors-origin"),
            allowedHosts: EnvironmentSetting.resolveList(allowedHosts, name: "allowed-hosts")
        )
        return configuration
    }

    /// Connection deadlines and the cap; the cap's default follows the file limit, raised to its hard limit first.
    func resolvedConnections() throws -> ConnectionSettings {
        let defaults = ConnectionSettings()
        let fileLimit = FileLimit.raiseToHardLimit()
        return ConnectionSettings(
            headerTimeout: try seconds(headerTimeoutSeconds, "header-timeout-seconds", 15),
            idleTimeout: try seconds(idleTimeoutSeconds, "idle-timeout-seconds", 60),
            minBodyBytesPerSecond: try atLeastZero(minBodyBytesPerSecond, "min-body-bytes-per-second", defaults.minBodyBytesPerSecond),
            bodyRateWindow: try seconds(bodyWindowSeconds, "body-window-seconds", 10),
            maxConnections: try positive(maxConnections, "max-connections", FileLimit.defaultMaxConnections(fileLimit: fileLimit)),
            shutdownGrace: try seconds(shutdownGraceSeconds, "shutdown-grace-seconds", 10)
        )
    }

    /// The PostgreSQL settings when a database URL is given.
    func resolvedDatabase() throws -> DatabaseSettings? {
        let url = try EnvironmentSetting.resolve(databaseUrl, name: "database-url", default: "")
        guard !url.isEmpty else { return nil }
        return DatabaseSettings(
            url: url,
            timeout: try seconds(databaseTimeout, "database-timeout", Self.wholeSeconds(DatabaseSettings.defaultTimeout)),
            syncInterval: try seconds(syncSeconds, "sync-seconds", Self.wholeSeconds(DatabaseSettings.defaultSyncInterval)),
            lease: try seconds(leaseSeconds, "lease-seconds", Self.wholeSeconds(DatabaseSettings.defaultLease))
        )
    }

    private static func wholeSeconds(_ duration: Duration) -> Double { Double(duration.components.seconds) }

    private func seconds(_ flag: Double?, _ name: String, _ value: Double) throws -> Duration {
        let resolved = try EnvironmentSetting.resolve(flag, name: name, default: value)
        guard resolved > 0 && resolved <= 86_400 else { throw ValidationError("--\(name) must be more than 0 and at most 86400, got \(resolved)") }
        return .milliseconds(Int64((resolved * 1000).rounded()))
    }

    private func dataDirectory() throws -> String? {
        let resolved = try EnvironmentSetting.resolve(dataDir, name: "data-dir", default: "")
        return resolved.isEmpty ? nil : resolved
    }

    private func checkpointInterval() throws -> Double {
        let resolved = try EnvironmentSetting.resolve(
            checkpointSeconds, name: "checkpoint-seconds", default: ServerConfiguration.defaultCheckpointSeconds)
        guard resolved.isFinite, resolved >= 0 else {
            throw ValidationError("--checkpoint-seconds must be 0 or more, got \(resolved)")
        }
        return resolved
    }

    private func positive(_ flag: Int?, _ name: String, _ value: Int) throws -> Int {
        let resolved = try EnvironmentSetting.resolve(flag, name: name, default: value)
        guard resolved >= 1 else { throw ValidationError("--\(name) must be at least 1, got \(resolved)") }
        return resolved
    }

    private func atLeastZero(_ flag: Int?, _ name: String, _ value: Int) throws -> Int {
        let resolved = try EnvironmentSetting.resolve(flag, name: name, default: value)
        guard resolved >= 0 else { throw ValidationError("--\(name) must be at least 0, got \(resolved)") }
        return resolved
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
