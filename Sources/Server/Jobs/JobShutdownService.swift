import ServiceLifecycle

/// A service that does nothing until graceful shutdown, then stops the job runner: queued jobs are cancelled,
/// running ones stop at their next epoch, and new requests get 503. It returns once no job runs.
struct JobShutdownService: Service {
    let runner: JobRunner

    func run() async throws {
        // Throws CancellationError when the group is cancelled rather than shut down; stop the jobs either way.
        try? await gracefulShutdown()
        await runner.shutdown()
    }
}
