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
    let process: Process
    let port: Int
    let client: HTTPClient

    init(arguments: [String], logLevel: String = "error") async throws {
        port = try await SignalShutdownTests.freePort()
        process = Process()
        process.executableURL = SignalShutdownTests.binary
        process.arguments = ["serve", "--port", String(port), "--log-level", logLevel] + arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        client = HTTPClient(port: port)
        for _ in 0..<200 {
            if let answer = try? await client.send("GET", "/health"), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw URLError(.cannotConnectToHost)
    }

    func kill(_ signal: Int32) {
        Glibc.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
