import ArgumentParser
import Engine
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
        abstract: "Run the HTTP service (the default command). Every option can also be set by DESCENT_<NAME>, e.g. DESCENT_PORT; a flag wins."
    )

    // ArgumentParser declares the flags, so that `--help` lists them and an unknown flag or a malformed value is refused
    // before anything starts; their values are read by `SettingsReader` (flag, then `DESCENT_*`, then the default).
    @OptionGroup var address: AddressOptions
    @Option(help: Setting.workers.help) var workers: Int?
    @Option(help: Setting.defaultPrecision.help) var defaultPrecision: Precision?
    @Option(help: Setting.maxQueuedJobs.help) var maxQueuedJobs: Int?
    @Option(help: Setting.maxFinishedJobs.help) var maxFinishedJobs: Int?
    @Option(help: Setting.maxBodyBytes.help) var maxBodyBytes: Int?
    @Option(help: Setting.maxTrainElements.help) var maxTrainElements: Int?
    @Option(help: Setting.maxBroadcastElements.help) var maxBroadcastElements: Int?
    @Option(help: Setting.maxBroadcastResultElements.help) var maxBroadcastResultElements: Int?
    @Option(help: Setting.maxEpochs.help) var maxEpochs: Int?
    @Option(help: Setting.maxSnapshots.help) var maxSnapshots: Int?
    @Option(help: Setting.maxFeatures.help) var maxFeatures: Int?
    @Option(help: Setting.dataDir.help) var dataDir: String?
    @Option(help: Setting.databaseUrl.help) var databaseUrl: String?
    @Option(help: Setting.databaseTimeout.help) var databaseTimeout: Double?
    @Option(help: Setting.syncSeconds.help) var syncSeconds: Double?
    @Option(help: Setting.leaseSeconds.help) var leaseSeconds: Double?
    @Option(help: Setting.checkpointSeconds.help) var checkpointSeconds: Double?
    @Option(help: Setting.logLevel.help) var logLevel: Logger.Level?
    @Option(help: Setting.logFormat.help) var logFormat: LogFormat?
    @Option(help: Setting.metrics.help) var metrics: Bool?
    @Option(help: Setting.accessLog.help) var accessLog: Bool?
    @Option(help: Setting.headerTimeoutSeconds.help) var headerTimeoutSeconds: Double?
    @Option(help: Setting.idleTimeoutSeconds.help) var idleTimeoutSeconds: Double?
    @Option(help: Setting.minBodyBytesPerSecond.help) var minBodyBytesPerSecond: Int?
    @Option(help: Setting.bodyWindowSeconds.help) var bodyWindowSeconds: Double?
    @Option(help: Setting.maxConnections.help) var maxConnections: Int?
    @Option(help: Setting.shutdownGraceSeconds.help) var shutdownGraceSeconds: Double?
    @Option(help: Setting.corsOrigin.help) var corsOrigin: [String] = []
    @Option(help: Setting.allowedHosts.help) var allowedHosts: [String] = []

    @Option(help: Setting.maxEventStreamsPerJob.help) var maxEventStreamsPerJob: Int?
    @Option(help: Setting.maxEventStreams.help) var maxEventStreams: Int?
    @Option(help: Setting.eventKeepAliveSeconds.help) var eventKeepAliveSeconds: Double?

    @OptionGroup var transport: TransportOptions

    func run() async throws {
        // Log lines are written by a background thread: every one of them is out before the process ends.
        defer { LogLineWriter.standardError.flush() }
        let settings = SettingsReader()
        let configuration: ServerConfiguration
        do {
            configuration = try Self.configuration(from: settings)
        } catch let error as APIKeysFile.Invalid {
            throw Self.failure(error.description)
        }
        try settings.value(.logFormat, default: LogFormat.text).bootstrap(level: configuration.logLevel)
        // One registry per process, also behind the global MetricsSystem so that library metrics land beside ours.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            try await runServer(configuration: configuration, metrics: registry)
        } catch let error as StoreError {
            // One clear line for an unusable data directory (cannot be created, written, locked or read), or a database
            // that cannot be reached, or whose schema is newer than this build.
            let reason = if case .unavailable(let reason) = error { reason } else { error.description }
            throw Self.failure(reason)
        } catch let error as TLSFiles.Invalid {
            // A certificate or key that cannot be served with: one line naming the file and why.
            throw Self.failure(error.description)
        } catch let error as IOError {
            // Binding the address failed (in use, not allowed): say which address, not the system call.
            let reason = String(cString: strerror(error.errnoCode))
            throw Self.failure("cannot listen on \(configuration.host):\(configuration.port): \(reason)")
        }
    }

    /// Start-up ends with one line on standard error, after every log line before it.
    static func failure(_ reason: String) -> ExitCode {
        LogLineWriter.standardError.append("descent: \(reason)\n")
        LogLineWriter.standardError.flush()
        return ExitCode.failure
    }

    /// The server's configuration: every setting read once, each default taken from the type that owns it.
    static func configuration(from settings: SettingsReader) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = try settings.value(.host, default: configuration.host)
        configuration.port = try AddressOptions.port(from: settings)
        configuration.workers = try settings.integer(.workers, default: configuration.workers, atLeast: 1)
        configuration.defaultPrecision = try settings.value(.defaultPrecision, default: configuration.defaultPrecision)
        configuration.maxQueuedJobs = try settings.integer(.maxQueuedJobs, default: configuration.maxQueuedJobs, atLeast: 0)
        configuration.maxFinishedJobs = try settings.integer(.maxFinishedJobs, default: configuration.maxFinishedJobs, atLeast: 0)
        configuration.limits = try limits(from: settings)
        configuration.logLevel = try settings.value(.logLevel, default: configuration.logLevel)
        let dataDirectory = try settings.value(.dataDir, default: "")
        configuration.dataDirectory = dataDirectory.isEmpty ? nil : dataDirectory
        configuration.checkpointSeconds = try settings.value(.checkpointSeconds, default: configuration.checkpointSeconds)
        guard configuration.checkpointSeconds.isFinite, configuration.checkpointSeconds >= 0 else {
            throw ValidationError("--checkpoint-seconds must be 0 or more, got \(configuration.checkpointSeconds)")
        }
        configuration.connections = try connections(from: settings)
        configuration.database = try database(from: settings)
        if configuration.database != nil && configuration.dataDirectory != nil {
            throw ValidationError("--data-dir and --database-url cannot be used together: choose one store")
        }
        configuration.metricsEnabled = try settings.value(.metrics, default: configuration.metricsEnabled)
        configuration.accessLog = try settings.value(.accessLog, default: configuration.accessLog)
        configuration.crossSite = CrossSitePolicy(corsOrigins: settings.list(.corsOrigin), allowedHosts: settings.list(.allowedHosts))
        configuration.events.maxStreamsPerJob = try settings.integer(
            .maxEventStreamsPerJob, default: configuration.events.maxStreamsPerJob, atLeast: 1)
        configuration.events.maxStreams = try settings.integer(.maxEventStreams, default: configuration.events.maxStreams, atLeast: 1)
        configuration.events.keepAlive = try settings.seconds(.eventKeepAliveSeconds, default: configuration.events.keepAlive)
        configuration.apiKeys = try TransportOptions.keys(from: settings)
        configuration.metricsAuth = try settings.value(.metricsAuth, default: configuration.metricsAuth)
        configuration.tls = try TransportOptions.tls(from: settings)
        configuration.gzipMinimumBytes = try settings.integer(.gzipMinBytes, default: configuration.gzipMinimumBytes, atLeast: 0)
        return configuration
    }

    private static func limits(from settings: SettingsReader) throws -> Limits {
        var limits = Limits()
        limits.maxBodyBytes = try settings.integer(.maxBodyBytes, default: limits.maxBodyBytes, atLeast: 1)
        limits.maxTrainElements = try settings.integer(.maxTrainElements, default: limits.maxTrainElements, atLeast: 1)
        limits.maxBroadcastElements = try settings.integer(.maxBroadcastElements, default: limits.maxBroadcastElements, atLeast: 1)
        limits.maxBroadcastResultElements = try settings.integer(
            .maxBroadcastResultElements, default: limits.maxBroadcastResultElements, atLeast: 1)
        limits.maxEpochs = try settings.integer(.maxEpochs, default: limits.maxEpochs, atLeast: 1)
        limits.maxSnapshots = try settings.integer(.maxSnapshots, default: limits.maxSnapshots, atLeast: 1)
        limits.maxFeatures = try settings.integer(.maxFeatures, default: limits.maxFeatures, atLeast: 1)
        return limits
    }

    /// The PostgreSQL settings when a database URL is given.
    private static func database(from settings: SettingsReader) throws -> DatabaseSettings? {
        let url = try settings.value(.databaseUrl, default: "")
        guard !url.isEmpty else { return nil }
        return DatabaseSettings(
            url: url,
            timeout: try settings.seconds(.databaseTimeout, default: DatabaseSettings.defaultTimeout),
            syncInterval: try settings.seconds(.syncSeconds, default: DatabaseSettings.defaultSyncInterval),
            lease: try settings.seconds(.leaseSeconds, default: DatabaseSettings.defaultLease))
    }

    /// Connection deadlines and the cap; the cap's default follows the file limit, raised to its hard limit first.
    private static func connections(from settings: SettingsReader) throws -> ConnectionSettings {
        var connections = ConnectionSettings()
        connections.headerTimeout = try settings.seconds(.headerTimeoutSeconds, default: connections.headerTimeout)
        connections.idleTimeout = try settings.seconds(.idleTimeoutSeconds, default: connections.idleTimeout)
        connections.minBodyBytesPerSecond = try settings.integer(
            .minBodyBytesPerSecond, default: connections.minBodyBytesPerSecond, atLeast: 0)
        connections.bodyRateWindow = try settings.seconds(.bodyWindowSeconds, default: connections.bodyRateWindow)
        let fileLimit = FileLimit.raiseToHardLimit()
        connections.maxConnections = try settings.integer(
            .maxConnections, default: FileLimit.defaultMaxConnections(fileLimit: fileLimit), atLeast: 1)
        connections.shutdownGrace = try settings.seconds(.shutdownGraceSeconds, default: connections.shutdownGrace)
        return connections
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension Precision: ExpressibleByArgument {}
