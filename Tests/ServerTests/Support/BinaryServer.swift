import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `descent serve` as a subprocess on a free port, answering `/health` once `init` returns; killed with
/// SIGKILL when dropped if it still runs.
final class BinaryServer: Sendable {
    let process: ChildProcess
    let port: Int
    let client: HTTPClient

    init(arguments: [String], logLevel: String = "error") async throws {
        port = try await SignalShutdownTests.freePort()
        process = try ChildProcess(
            executable: SignalShutdownTests.binary.path, arguments: ["serve", "--port", String(port), "--log-level", logLevel] + arguments)
        client = HTTPClient(port: port)
        for _ in 0..<200 {
            if let answer = try? await client.send("GET", "/health"), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw URLError(.cannotConnectToHost)
    }

    /// Sends `signal` without waiting (for `defer`, which cannot wait).
    func signal(_ signal: Int32) {
        Glibc.kill(process.processIdentifier, signal)
    }

    /// Sends `signal` and waits for the process to exit (a drain may take seconds).
    func kill(_ signal: Int32) async {
        Glibc.kill(process.processIdentifier, signal)
        await process.exited()
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
