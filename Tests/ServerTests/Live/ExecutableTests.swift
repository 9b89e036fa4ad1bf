import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `descent` command line: settings from `DESCENT_*` variables, `healthcheck`'s exit status, `--help`.
@Suite struct ExecutableTests {
    /// Runs `descent` with `arguments` and extra environment to completion; returns its exit status, stdout and stderr.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        let output = Pipe()
        let error = Pipe()
        let process = try ChildProcess(
            executable: SignalShutdownTests.binary.path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            standardOutput: output.fileHandleForWriting, standardError: error.fileHandleForWriting)
        try output.fileHandleForWriting.close()
        try error.fileHandleForWriting.close()
        // stderr is small (one line at most here); read stdout to its end first, then stderr.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test func healthcheckFailsWhenNothingListens() async throws {
        let port = try await SignalShutdownTests.freePort()
        let result = try Self.run(["healthcheck", "--port", String(port), "--timeout", "2"])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("unhealthy"))
    }

    @Test func portFromTheEnvironmentAndHealthcheckSucceeds() async throws {
        let port = try await SignalShutdownTests.freePort()
        let server = try ChildProcess(
            executable: SignalShutdownTests.binary.path, arguments: [],
            environment: ProcessInfo.processInfo.environment.merging(["DESCENT_PORT": String(port), "DESCENT_LOG_LEVEL": "error"]) { _, new in new })
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        var status: Int32 = -1
        for _ in 0..<100 {
            status = try Self.run(["healthcheck"], environment: ["DESCENT_PORT": String(port)]).status
            if status == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status == 0)
    }

    @Test func invalidEnvironmentValueIsRejected() throws {
        let result = try Self.run(["serve"], environment: ["DESCENT_WORKERS": "many"])
        #expect(result.status == 64)
    }

    @Test func helpListsEveryFlagWithItsVariable() throws {
        let result = try Self.run(["serve", "--help"])
        #expect(result.status == 0)
        for flag in ["host", "port", "workers", "max-queued-jobs", "max-finished-jobs", "max-body-bytes", "max-train-elements",
                     "max-broadcast-elements", "max-epochs", "max-snapshots", "log-level"] {
            #expect(result.output.contains("--\(flag)"), "--\(flag)")
        }
        for variable in ["DESCENT_PORT", "DESCENT_MAX_BODY_BYTES", "DESCENT_MAX_QUEUED_JOBS"] {
            #expect(result.output.contains(variable), "\(variable)")
        }
    }
}
