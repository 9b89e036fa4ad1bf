import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import Storage
import UnixSignals

/// Builds the descent HTTP application over the configured store: routes, middleware, the model registry and the
/// job runner (a service of the application, so it starts and stops with it).
///
/// - Throws: ``StoreError`` when the data directory cannot be opened, locked or read.
public func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    try await makeApplication(configuration: configuration).application
}

/// Runs descent until SIGTERM or SIGINT, then shuts down gracefully: the server stops accepting and finishes
/// in-flight requests (a `"wait": true` request stops waiting at once), then the job runner stops its jobs at their
/// next epoch boundary (to resume after a restart with a data directory).
///
/// `metrics` is the registry `GET /metrics` shows; the executable passes the one it bootstrapped `MetricsSystem` with.
public func runServer(
    configuration: ServerConfiguration,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws {
    let parts = try await makeApplication(configuration: configuration, metrics: metrics, onServerRunning: onServerRunning)
    // Services stop in reverse order, so the drain flag is set before the HTTP server (and its job runner) hear it.
    let group = ServiceGroup(
        configuration: .init(
            services: [parts.application, DrainService(state: parts.drain)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: parts.logger
        )
    )
    try await group.run()
    parts.logger.info("descent stopped")
}

/// The store `configuration` asks for: PostgreSQL shared with other replicas, SQLite in the data directory, or
/// memory.
func openStore(_ configuration: ServerConfiguration, logger: Logger) async throws(StoreError) -> any Store {
    if let database = configuration.database {
        return try await PostgresStore.open(
            url: database.url, timeout: database.timeout, syncInterval: database.syncInterval, logger: logger)
    }
    guard let directory = configuration.dataDirectory else { return MemoryStore() }
    return try SQLiteStore(directory: directory)
}

/// Where `configuration` keeps state, for the start-up line: `memory`, `sqlite:DIR` or `postgres:user@host:port/db`.
func storeDescription(_ configuration: ServerConfiguration) -> String {
    if let database = configuration.database {
        return "postgres:" + ((try? PostgresURL(database.url).redacted) ?? "?")
    }
    return configuration.dataDirectory.map { "sqlite:\($0)" } ?? "memory"
}

/// The application together with the parts tests and `runServer` need to reach.
struct ApplicationParts {
    let application: Application<RouterResponder<AppRequestContext>>
    let registry: ModelRegistry
    let runner: JobRunner
    let logger: Logger
    /// Set on SIGTERM; requests that still reach a route then get 503.
    var drain = DrainState()
    /// The open connections, for the connection cap.
    var connections = ConnectionTable(capacity: 1)
    /// The registry `GET /metrics` shows.
    var metrics = PrometheusCollectorRegistry()
}

/// The metrics factory over `registry`: histogram buckets from 100 µs (a small prediction) to 10 s; or, with
/// `--metrics false`, one that records nothing.
func makeMetrics(_ configuration: ServerConfiguration, registry: PrometheusCollectorRegistry) -> ServerMetrics {
    guard configuration.metricsEnabled else { return .disabled }
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    return ServerMetrics(factory: factory)
}

func makeApplication(
    configuration: ServerConfiguration,
    store: (any Store)? = nil,
    metrics prometheus: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> ApplicationParts {
    let logger = {
        var logger = logger ?? Logger(label: "descent")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    if configuration.apiKeys.isEmpty && !ServerConfiguration.isLoopback(configuration.host) {
        logger.warning(
            "no API keys: anyone who can reach this address can train, delete and replace models; set --api-keys-file",
            metadata: ["host": "\(configuration.host)"])
    }
    let metrics = makeMetrics(configuration, registry: prometheus)
    let base: any Store
    if let store {
        base = store
    } else {
        base = try await openStore(configuration, logger: logger)
    }
    let store = TimedStore(base, factory: metrics.factory)
    let stored = try await store.load()
    let registry = ModelRegistry(store: store, stored: stored, metrics: metrics)
    let runner = JobRunner(
        settings: .init(
            workers: configuration.workers,
            maxQueuedJobs: configuration.maxQueuedJobs,
            maxFinishedJobs: configuration.maxFinishedJobs,
            checkpointInterval: .milliseconds(Int64((max(0, configuration.checkpointSeconds) * 1000).rounded())),
            lease: configuration.database?.lease ?? DatabaseSettings.defaultLease
        ),
        registry: registry,
        stored: stored,
        logger: logger,
        metrics: metrics,
        events: JobEventHub(limits: .init(perJob: configuration.events.maxStreamsPerJob, total: configuration.events.maxStreams))
    )
    try await runner.recover()
    let drain = DrainState()
    let connections = ConnectionTable(capacity: configuration.connections.maxConnections)
    let router = buildRouter(
        configuration: configuration, registry: registry, runner: runner, drain: drain, openAPIDocument: try OpenAPIDocument.load(),
        page: try PageDocument.load(), logger: logger, prometheus: prometheus, metrics: metrics)
    let application = Application(
        router: router,
        server: try serverBuilder(configuration, table: connections),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "descent"),
        services: replicaServices(store: base, registry: registry, runner: runner, logger: logger),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            logger.info(
                "descent listening",
                metadata: [
                    "version": "\(DescentVersion.string)", "host": "\(configuration.host)", "port": "\(port)",
                    "scheme": "\(configuration.tls == nil ? "http" : "https")", "api_keys": "\(configuration.apiKeys.count)",
                    "workers": "\(configuration.workers)", "max_body_bytes": "\(configuration.limits.maxBodyBytes)",
                    "max_connections": "\(configuration.connections.maxConnections)",
                    "store": "\(storeDescription(configuration))",
                    "models": "\(stored.models.count)", "jobs": "\(stored.jobs.count)",
                ])
            await onServerRunning(port)
        },
        logger: logger
    )
    return ApplicationParts(
        application: application, registry: registry, runner: runner, logger: logger, drain: drain, connections: connections,
        metrics: prometheus)
}

/// The channel setup: HTTPS with HTTP/2 by ALPN when `--tls-cert`/`--tls-key` are set, else plain HTTP/1; both
/// with descent's connection guards on HTTP/1.
///
/// - Throws: ``TLSFiles/Invalid`` when the certificate or key cannot be served with.
func serverBuilder(_ configuration: ServerConfiguration, table: ConnectionTable) throws -> HTTPServerBuilder {
    let settings = configuration.connections
    let maxBodyBytes = configuration.limits.maxBodyBytes
    guard let files = configuration.tls else {
        return .guardedHTTP1(settings: settings, maxBodyBytes: maxBodyBytes, table: table)
    }
    return try .guardedTLS(tls: files.configuration(), settings: settings, maxBodyBytes: maxBodyBytes, table: table)
}

/// The application's services, in start order (they stop in reverse): a shared store's own service (its client,
/// announcements and reachability), the job runner, then the sync that refreshes the in-memory copies from what other
/// replicas commit. With a store of one process: the runner only.
func replicaServices(store: any Store, registry: ModelRegistry, runner: JobRunner, logger: Logger) -> [any Service] {
    guard let shared = store.shared else { return [runner] }
    var services: [any Service] = []
    if let service = store as? any Service { services.append(service) }
    services.append(runner)
    services.append(ReplicaSync(shared: shared, registry: registry, runner: runner, logger: logger))
    return services
}

/// Every route behind the middleware stack (outermost first): limits, API-key authentication, request observation (id,
/// metrics, access log), problem rendering, gzip, access rules; then the probes and `/metrics`; then cross-site checks and
/// shutdown for the API routes.
func buildRouter(
    configuration: ServerConfiguration, registry: ModelRegistry, runner: JobRunner, drain: DrainState, openAPIDocument: ByteBuffer,
    page: PageDocument, logger: Logger,
    prometheus: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), metrics: ServerMetrics = .disabled
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: [.autoGenerateHeadEndpoints])
    // Neither of the first two answers or fails; the authenticator identifies the key before the access log, which
    // names it (refusing is AccessMiddleware's, inside the problems).
    router.add(middleware: LimitsMiddleware(limits: configuration.limits))
    if !configuration.apiKeys.isEmpty { router.add(middleware: APIKeyAuthenticator(records: configuration.apiKeys)) }
    router.add(
        middleware: RequestObservationMiddleware(
            metrics: configuration.metricsEnabled ? metrics.http : nil, accessLog: configuration.accessLog ? AccessLog(logger: logger) : nil))
    router.add(middleware: ProblemMiddleware())
    let access = configuration.apiKeys.isEmpty ? nil : AccessMiddleware(metricsNeedKey: configuration.metricsAuth)
    // Only `/metrics` among the probes can need a key; the API routes are checked after the cross-site middleware,
    // so that a 401 or 403 to a listed origin carries CORS headers.
    if let access, configuration.metricsAuth { router.add(middleware: access) }
    router.add(middleware: CompressionMiddleware(minimumBytes: configuration.gzipMinimumBytes))
    // Probes answer any Host and keep answering while draining (readiness then says 503).
    ProbeRoutes(runner: runner, drain: drain, metrics: prometheus).addRoutes(to: router)
    router.add(middleware: CrossSiteMiddleware(policy: configuration.crossSite))
    if let access { router.add(middleware: access) }
    router.add(middleware: ShutdownMiddleware(runner: runner, drain: drain))
    let limits = configuration.limits
    HealthRoutes(registry: registry, runner: runner, startedAt: .now, openAPIDocument: openAPIDocument).addRoutes(to: router)
    BroadcastRoutes(limits: limits).addRoutes(to: router)
    TrainingRoutes(limits: limits, runner: runner, defaultPrecision: configuration.defaultPrecision).addRoutes(to: router)
    JobRoutes(runner: runner).addRoutes(to: router)
    JobEventRoutes(runner: runner, settings: configuration.events).addRoutes(to: router)
    LossChartRoutes(runner: runner).addRoutes(to: router)
    PageRoutes(page: page).addRoutes(to: router)
    ModelRoutes(registry: registry).addRoutes(to: router)
    AliasRoutes(registry: registry).addRoutes(to: router)
    V2Routes(limits: limits, registry: registry, runner: runner, drain: drain).addRoutes(to: router)
    PredictRoutes(limits: limits, registry: registry).addRoutes(to: router)
    return router
}
