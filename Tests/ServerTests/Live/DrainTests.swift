import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM drains the built binary: a half-sent upload is cut at the grace period and the process exits 0.
@Suite struct DrainTests {
    @Test func sigtermWithAHalfSentUploadExitsZeroWithinTheGrace() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: SignalShutdownTests.binary.path), "build the descent product first")
        let server = try await BinaryServer(arguments: ["--shutdown-grace-seconds", "2"], logLevel: "error")
        let (process, port) = (server.process, server.port)
        let upload = try await RawConnection.connect(port: port)
        try await upload.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n{\"x\": [")
        let idle = try await RawConnection.connect(port: port)
        try await Task.sleep(for: .milliseconds(200))

        let sent = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        #expect(try await idle.waitForClose(timeout: .seconds(1)), "a connection with no request is closed at once")
        while process.isRunning && ContinuousClock.now - sent < .seconds(8) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - sent
        #expect(!process.isRunning, "descent did not exit within 8 s of SIGTERM")
        #expect(elapsed > .milliseconds(1500), "the upload had its grace period")
        #expect(elapsed < .seconds(4))
        process.waitUntilExit()
        #expect(process.exitedNormally)
        #expect(process.terminationStatus == 0)
        #expect(try await upload.waitForClose(timeout: .seconds(3)), "the upload was cut when the process exited")
    }
}
