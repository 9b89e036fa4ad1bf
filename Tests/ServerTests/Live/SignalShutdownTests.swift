import Foundation
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `descent` binary as a subprocess: SIGTERM while a job runs makes it exit 0 within seconds.
@Suite struct SignalShutdownTests {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DESCENT_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/descent")
    }

    /// A port that was free a moment ago: bind port 0, read it, release it.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    @Test func sigtermWhileAJobRunsExitsCleanly() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the descent product first")
        let server = try await BinaryServer(arguments: ["--workers", "1"], logLevel: "warning")
        let (process, client) = (server.process, server.client)
        let job = try await client.send("POST", "/train", json: #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#)
        #expect(job.status == 202)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await client.send("GET", "/health").decode(TestHealth.self).jobs.running == 1)

        let sent = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning && ContinuousClock.now - sent < .seconds(10) {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!process.isRunning, "descent did not exit within 10 s of SIGTERM")
        #expect(ContinuousClock.now - sent < .seconds(5))
        process.waitUntilExit()
        #expect(process.exitedNormally)
        #expect(process.terminationStatus == 0)
    }
}
