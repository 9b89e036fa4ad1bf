import ArgumentParser
import Logging
import Foundation
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

    @Option(help: "Seconds between checkpoints of a running job with --data-dir; 0 = only at its snapshots (env DESCENT_CHECKPOINT_SECONDS; default 5).")
    var checkpointSeconds: Double?

    @Option(help: "Least severe level logged: trace, debug, info, notice, warning, error, critical (env DESCENT_LOG_LEVEL; default info).")
    var logLevel: Logger.Level?

    func run() async throws {
        let configuration = try resolvedConfiguration()
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            try await runServer(configuration: configuration)
        } catch let error as StoreError {
            // One clear line for an unusable data directory (cannot be created, written, locked or read).
            let reason = if case .unavailable(let reason) = error { reason } else { error.description }
            FileHandle.standardError.write(Data("descent: \(reason)\n".utf8))
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
        return ServerConfiguration(
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
