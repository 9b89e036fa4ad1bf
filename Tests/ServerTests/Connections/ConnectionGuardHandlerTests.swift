import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Server

/// The per-connection deadlines and the client faults answered below the router.
@Suite struct ConnectionGuardHandlerTests {
    static let settings = ConnectionSettings(
        headerTimeout: .seconds(5), idleTimeout: .seconds(20), minBodyBytesPerSecond: 100, bodyRateWindow: .seconds(4),
        maxConnections: 100, shutdownGrace: .seconds(3))

    @Test func partialHeadGets408AtTheDeadlineEvenWhileBytesTrickle() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\n")
        for _ in 0..<4 {
            connection.advance(seconds: 1)
            try connection.send("X-A: b\r\n")   // each byte is progress, but the deadline is for the whole head
        }
        #expect(connection.isOpen)
        connection.advance(seconds: 1.1)
        let output = try connection.output()
        #expect(output.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(output.contains("application/problem+json"))
        #expect(output.contains(#""type":"/problems/request-timeout""#))
        #expect(!connection.isOpen)
    }

    @Test func silentConnectionIsClosedWithoutAnAnswer() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        connection.advance(seconds: 4.9)
        #expect(connection.isOpen)
        connection.advance(seconds: 0.2)
        #expect(try connection.output().isEmpty)
        #expect(!connection.isOpen)
    }

    @Test func idleKeepAliveConnectionClosesAfterTheIdleTimeoutNotTheHeaderOne() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.requestParts().count == 2)
        connection.advance(seconds: 6)   // answering takes long: no deadline applies
        #expect(connection.isOpen)
        try connection.respond()
        connection.advance(seconds: 19)
        #expect(connection.isOpen)
        connection.advance(seconds: 1.1)
        #expect(!connection.isOpen)
    }

    @Test func nextRequestOnAKeptAliveConnectionHasItsOwnHeaderDeadline() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        try connection.respond()
        connection.advance(seconds: 10)
        try connection.send("GET /hea")
        connection.advance(seconds: 5.1)
        #expect(try connection.output().contains("408 Request Timeout"))
        #expect(!connection.isOpen)
    }

    /// The wake-up armed for the first request's body window (t = 4) comes before the idle deadline of the second
    /// request's response (t = 3 + 20): it finds the deadline later and waits again, so the connection lives exactly
    /// its idle timeout after the last response.
    @Test func anEarlierWakeUpWaitsAgainForTheLaterDeadline() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        try connection.respond()
        connection.advance(seconds: 3)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        try connection.respond()
        connection.advance(seconds: 19.9)   // t = 22.9: the wake-up at t = 4 and the first idle deadline (t = 20) passed
        #expect(connection.isOpen)
        connection.advance(seconds: 0.2)
        #expect(!connection.isOpen)
    }

    @Test func bodyBelowTheMinimumRateIsClosed() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings, maxBodyBytes: 1 << 20)
        try connection.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        connection.channel.read()   // the application asks for the body
        try connection.send(String(repeating: "a", count: 500))   // 500 bytes in 4 s ≥ 100 B/s
        connection.channel.read()
        connection.advance(seconds: 4.1)
        #expect(connection.isOpen)
        try connection.send("a")
        connection.channel.read()
        connection.advance(seconds: 4.1)
        #expect(!connection.isOpen)
    }

    @Test func bodyIsNotTimedWhileTheServerIsNotReading() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings, maxBodyBytes: 1 << 20)
        try connection.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        connection.advance(seconds: 12)   // no read() came through: back-pressure, not a slow client
        #expect(connection.isOpen)
    }

    @Test func malformedRequestGets400ProblemJSONAndClose() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try? connection.send("GET / HTTP/1.1\r\nHost x\r\n\r\n")
        let output = try connection.output()
        #expect(output.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(output.contains("connection: close"))
        #expect(output.contains(#""type":"/problems/bad-request""#))
        #expect(!connection.isOpen)
    }

    @Test(arguments: ["xchunked", "gzip", "gzip, chunked"])
    func unknownTransferEncodingIs501(coding: String) throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try? connection.send("POST /train HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(coding)\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        let output = try connection.output()
        #expect(output.hasPrefix("HTTP/1.1 501 Not Implemented\r\n"))
        #expect(output.contains(#""type":"/problems/not-implemented""#))
        #expect(try connection.requestParts().isEmpty)   // the route never sees it
        #expect(!connection.isOpen)
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        #expect(try connection.output() == "HTTP/1.1 100 Continue\r\n\r\n")
        try connection.send("{}")
        let parts = try connection.requestParts()
        #expect(parts.count == 3)
        try connection.respond()
        #expect(try connection.output().hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(connection.isOpen)
    }

    @Test func expectContinueOverTheLimitIs413WithoutReadingTheBody() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings, maxBodyBytes: 1024)
        try connection.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
        let output = try connection.output()
        #expect(output.hasPrefix("HTTP/1.1 413 Content Too Large\r\n") || output.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
        #expect(output.contains(#""type":"/problems/payload-too-large""#))
        #expect(try connection.requestParts().isEmpty)
        #expect(!connection.isOpen)
    }

    @Test func http10WithoutKeepAliveIsClosedAfterTheResponse() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.0\r\n\r\n")
        try connection.respond()
        #expect(try connection.output().lowercased().contains("connection: close"))
        #expect(!connection.isOpen)
    }

    @Test func http11KeptAliveStaysOpen() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        try connection.respond()
        #expect(!(try connection.output().lowercased().contains("connection: close")))
        #expect(connection.isOpen)
    }

    @Test func quiesceClosesIdleAtOnceAndBusyAfterTheGrace() throws {
        let idle = try ConnectionGuardHarness(settings: Self.settings)
        idle.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!idle.isOpen)

        let uploading = try ConnectionGuardHarness(settings: Self.settings, maxBodyBytes: 1 << 20)
        try uploading.send("POST /train HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        uploading.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        uploading.advance(seconds: 2.9)
        #expect(uploading.isOpen)
        uploading.advance(seconds: 0.2)
        #expect(!uploading.isOpen)
    }

    @Test func responseAfterQuiesceSaysConnectionClose() throws {
        let connection = try ConnectionGuardHarness(settings: Self.settings)
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        try connection.respond()
        #expect(try connection.output().lowercased().contains("connection: close"))
        #expect(!connection.isOpen)
    }
}
