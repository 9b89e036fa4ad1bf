import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Builds the descent HTTP application: routes, middleware, the model registry and the job runner.
///
/// Shutting it down (as a service) cancels running jobs. `runServer(configuration:)` is what `descent serve` runs.
public func buildApplication(configuration: ServerConfiguration) -> some ApplicationProtocol {
    makeApplication(configuration: configuration).application
}

/// Runs descent until SIGTERM or SIGINT, then shuts down gracefully: jobs are cancelled first (so requests waiting
/// for them answer), then the server stops accepting and finishes in-flight requests.
public func runServer(configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    let parts = makeApplication(configuration: configuration, onServerRunning: onServerRunning)
    // Services stop in reverse order, so the drain flag and the job shutdown hear the signal before the HTTP server does.
    let group = ServiceGroup(
        configuration: .init(
            services: [parts.application, JobShutdownService(runner: parts.runner), DrainService(state: parts.drain)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: parts.logger
        )
    )
    try await group.run()
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
}

func makeApplication(
    configuration: ServerConfiguration,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> ApplicationParts {
    let logger = {
        var logger = Logger(label: "descent")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let registry = ModelRegistry()
    let runner = JobRunner(
        workers: configuration.workers,
        maxQueuedJobs: configuration.maxQueuedJobs,
        maxFinishedJobs: configuration.maxFinishedJobs,
        registry: registry,
        logger: logger
    )
    let drain = DrainState()
    let connections = ConnectionTable(capacity: configuration.connections.maxConnections)
    let router = buildRouter(configuration: configuration, registry: registry, runner: runner, drain: drain)
    let application = Application(
        router: router,
        server: .guardedHTTP1(
            settings: configuration.connections, maxBodyBytes: configuration.limits.maxBodyBytes, table: connections),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "descent"),
        services: [JobShutdownService(runner: runner)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            logger.info("descent listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
            await onServerRunning(port)
        },
        logger: logger
    )
    return ApplicationParts(
        application: application, registry: registry, runner: runner, logger: logger, drain: drain, connections: connections)
}

/// Every route behind the middleware stack (outermost first): limits, request log, problem rendering, cross-site
/// checks, shutdown.
func buildRouter(
    configuration: ServerConfiguration, registry: ModelRegistry, runner: JobRunner, drain: DrainState = DrainState()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: [.autoGenerateHeadEndpoints])
    router.addMiddleware {
        LimitsMiddleware(limits: configuration.limits)
        RequestLogMiddleware()
        ProblemMiddleware()
        CrossSiteMiddleware(policy: configuration.crossSite)
        ShutdownMiddleware(runner: runner, drain: drain)
    }
    let limits = configuration.limits
    HealthRoutes(registry: registry, runner: runner, startedAt: .now, openAPIDocument: OpenAPIDocument.bytes).addRoutes(to: router)
    BroadcastRoutes(limits: limits).addRoutes(to: router)
    TrainingRoutes(limits: limits, runner: runner).addRoutes(to: router)
    JobRoutes(runner: runner).addRoutes(to: router)
    ModelRoutes(registry: registry).addRoutes(to: router)
    PredictRoutes(limits: limits, registry: registry).addRoutes(to: router)
    return router
}
