import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// The connection handlers in the real server over loopback TCP.
@Suite struct LiveConnectionTests {
    /// Deadlines short enough to test in seconds, long enough that a test process busy with other tests (two threads
    /// on a 2-core machine) still sends a whole head in time where it means to.
    static func configuration(maxConnections: Int = 100, headerTimeout: Duration = .seconds(2)) -> ServerConfiguration {
        var configuration = testConfiguration(limits: Limits(maxBodyBytes: 4096))
        configuration.connections = ConnectionSettings(
            headerTimeout: headerTimeout, idleTimeout: .seconds(2), minBodyBytesPerSecond: 100, bodyRateWindow: .seconds(1),
            maxConnections: maxConnections, shutdownGrace: .seconds(1))
        return configuration
    }

    /// Runs the app on a free port and hands the port to `body`.
    static func withServer(_ configuration: ServerConfiguration, _ body: @Sendable (Int) async throws -> Void) async throws {
        try await buildApplication(configuration: configuration).test(.live) { client in
            try await body(try #require(client.port))
        }
    }

    @Test func slowHeadIsAnswered408AndClosed() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("GET /health HTTP/1.1\r\nHost: x\r\n")
            let started = ContinuousClock.now
            #expect(try await connection.waitForClose(timeout: .seconds(8)))
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(connection.text.hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test func trickledBodyIsClosed() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("POST /broadcast HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
            for _ in 0..<6 where !connection.isClosed {
                try await Task.sleep(for: .milliseconds(500))
                try? await connection.send(" ")
            }
            #expect(try await connection.waitForClose(timeout: .seconds(4)))
            let client = HTTPClient(port: port)
            #expect(try await client.send("GET", "/health").status == 200)
        }
    }

    @Test func malformedHTTPIs400ProblemJSON() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("GET / HTTP/1.1\r\nHost x\r\n\r\n")
            #expect(try await connection.waitForClose(timeout: .seconds(3)))
            #expect(connection.text.hasPrefix("HTTP/1.1 400 Bad Request"))
            #expect(connection.text.contains("application/problem+json"))
            #expect(connection.text.contains(#""status":400"#))
        }
    }

    @Test func unknownTransferEncodingIs501() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("POST /broadcast HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
            #expect(try await connection.waitForClose(timeout: .seconds(3)))
            #expect(connection.text.hasPrefix("HTTP/1.1 501 Not Implemented"))
        }
    }

    @Test func expectContinueThenTheAnswer() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            let body = #"{"shapes": [[3, 1], [1, 4]]}"#
            try await connection.send("POST /broadcast HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.waitFor("HTTP/1.1 100 Continue\r\n\r\n", timeout: .seconds(2)))
            try await connection.send(body)
            #expect(try await connection.waitFor(#"{"shape":[3,4]}"#, timeout: .seconds(3)))
            #expect(connection.text.contains("HTTP/1.1 200 OK"))
            await connection.close()
        }
    }

    @Test func expectContinueOverTheLimitIs413AtOnce() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.waitForClose(timeout: .seconds(2)))
            #expect(connection.text.hasPrefix("HTTP/1.1 413"))
            #expect(connection.text.contains(#""type":"/problems/payload-too-large""#))
        }
    }

    @Test func http10IsClosedAfterTheResponse() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("GET /health HTTP/1.0\r\n\r\n")
            #expect(try await connection.waitForClose(timeout: .seconds(1)))
            #expect(connection.text.contains(" 200 OK"))
        }
    }

    @Test func abortedUploadIsAClientFaultAndTheServerCarriesOn() async throws {
        try await Self.withServer(Self.configuration()) { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send("POST /broadcast HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"shapes\": ")
            try await Task.sleep(for: .milliseconds(100))
            await connection.close()
            #expect(try await HTTPClient(port: port).send("GET", "/health").status == 200)
        }
    }

    @Test func atTheCapTheOldestHeaderReaderMakesRoom() async throws {
        try await Self.withServer(Self.configuration(maxConnections: 4, headerTimeout: .seconds(20))) { port in
            var silent: [RawConnection] = []
            for _ in 0..<4 {
                silent.append(try await RawConnection.connect(port: port))
                try await Task.sleep(for: .milliseconds(20))
            }
            let fresh = try await RawConnection.connect(port: port)
            try await fresh.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try await fresh.waitForClose(timeout: .seconds(2)))
            #expect(fresh.text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(try await silent[0].waitForClose(timeout: .seconds(1)))
            #expect(!silent[3].isClosed)
            for connection in silent { await connection.close() }
        }
    }
}
