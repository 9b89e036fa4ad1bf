import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@testable import Server

/// The access log and `--log-format json`: one line per request, every line a JSON object, every line about a
/// request carrying its `request_id`.
@Suite struct LogLinesTests {
    /// Lines a handler wrote, kept for the test.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }

        /// Every line parsed as a JSON object (the test fails on one that is not).
        func objects() throws -> [[String: Any]] {
            try all.map { line in
                #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line: \(line)")
                return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
        }
    }

    @Test func jsonLinesParseAndEscape() throws {
        let lines = Lines()
        var logger = Logger(label: "descent") { JSONLogHandler(label: $0, write: lines.append) }
        logger.logLevel = .debug
        logger[metadataKey: "request_id"] = "r-1"
        logger.info("quote \" backslash \\ newline \n tab \t bell \u{7} café", metadata: ["n": .stringConvertible(3), "list": ["a", "b"], "map": ["k": "v"]])
        logger.debug("second", metadata: ["level": "not the level"])
        let objects = try lines.objects()
        #expect(objects.count == 2)
        let first = objects[0]
        #expect(first["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} café")
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "descent")
        #expect(first["request_id"] as? String == "r-1")
        #expect(first["n"] as? String == "3")
        #expect(first["list"] as? [String] == ["a", "b"])
        #expect(first["map"] as? [String: String] == ["k": "v"])
        let timestamp = try #require(first["timestamp"] as? String)
        #expect(try Date(timestamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) <= Date.now)
        #expect(objects[1]["level"] as? String == "debug", "metadata never overrides the handler's own keys")
    }

    @Test func oneAccessLinePerRequestWithItsID() async throws {
        let lines = Lines()
        var configuration = testConfiguration()
        configuration.logLevel = .info
        let logger = Logger(label: "descent") { JSONLogHandler(label: $0, write: lines.append) }
        let parts = try await makeApplication(configuration: configuration, logger: logger)
        let requests: [(HTTPRequest.Method, String, String?, Int)] = [
            (.get, "/health", nil, 200),
            (.get, "/models?limit=2", nil, 200),
            (.get, "/models/mdl_nope", nil, 404),
            (.post, "/broadcast", #"{"shapes": [[2, 1], [3]]}"#, 200),
            (.get, "/nowhere?x=1", nil, 404),
            (.post, "/train", #"{"generate": {"samples": 8, "features": 2}, "epochs": 1}"#, 202),
        ]
        try await parts.application.test(.router) { client throws in
            for (index, (method, uri, body, _)) in requests.enumerated() {
                _ = try await client.execute(uri: uri, method: method, headers: [.requestID: "req-\(index)"], body: body.map { ByteBuffer(string: $0) })
            }
        }
        let objects = try lines.objects()
        let access = objects.filter { $0["route"] != nil }
        #expect(access.count == requests.count)
        for (index, (method, uri, _, status)) in requests.enumerated() {
            let line = try #require(access.first { $0["request_id"] as? String == "req-\(index)" }, "no access line for \(uri)")
            #expect(line["method"] as? String == method.rawValue)
            #expect(line["path"] as? String == uri)
            #expect(line["status"] as? String == String(status))
            #expect(line["level"] as? String == "info")
            #expect(Double(line["duration_ms"] as? String ?? "") != nil)
            #expect(line["bytes"] is String)
        }
        #expect(access.first { $0["request_id"] as? String == "req-2" }?["route"] as? String == "/models/{ref}")
        #expect(access.first { $0["request_id"] as? String == "req-4" }?["route"] as? String == "unknown")
        #expect(objects.first { $0["message"] as? String == "job queued" }?["request_id"] as? String == "req-5", "the submitting request's id")
        // No line carries Hummingbird's own key.
        #expect(objects.allSatisfy { $0["hb.request.id"] == nil })
    }

    @Test func durationsAndTimestampsAreFormattedByHand() throws {
        #expect(AccessLogEntry.milliseconds(1_234_567_890) == "1234.567")
        #expect(AccessLogEntry.milliseconds(5_000) == "0.005")
        #expect(AccessLogEntry.milliseconds(20_000_000) == "20.000")
        #expect(AccessLogEntry.milliseconds(-3) == "0.000")
        var decimal: [UInt8] = []
        for value in [0, 7, 10, 143, Int.max] {
            decimal.removeAll()
            AccessLogEntry.appendDecimal(value, to: &decimal)
            #expect(String(decoding: decimal, as: UTF8.self) == String(value))
        }
        var bytes: [UInt8] = []
        JSONLogHandler.appendTimestamp(to: &bytes)
        let stamp = String(decoding: bytes, as: UTF8.self)
        #expect(stamp.count == 24 && stamp.hasSuffix("Z"))
        let parsed = try Date(stamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
        // The date arithmetic against Foundation's calendar, across leap days, century years and the epoch's edges.
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for seconds in [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, 1_709_164_800, 1_798_761_599, 253_402_300_799, -1, -86_401] {
            bytes.removeAll()
            JSONLogHandler.appendTimestamp(seconds: seconds, milliseconds: 500, to: &bytes)
            let expected = Date(timeIntervalSince1970: Double(seconds) + 0.5).formatted(format)
            #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(seconds)")
        }
    }

    @Test func aKeyInSeveralSourcesIsWrittenOnceWithTheCallsValueFirst() throws {
        let lines = Lines()
        var logger = Logger(label: "descent") { label in
            JSONLogHandler(label: label, metadataProvider: .init { ["shared": "provider", "from_provider": "p"] }, write: lines.append)
        }
        logger[metadataKey: "shared"] = "handler"
        logger[metadataKey: "from_handler"] = "h"
        logger[metadataKey: "level"] = "not the level"
        logger.info("one", metadata: ["shared": "call", "b": "2", "a": "1"])
        logger.info("two")
        let objects = try lines.objects()
        #expect(objects.count == 2)
        #expect(objects[0]["shared"] as? String == "call" && objects[0]["a"] as? String == "1" && objects[0]["level"] as? String == "info")
        #expect(objects[1]["shared"] as? String == "handler" && objects[1]["from_provider"] as? String == "p")
        let first = try #require(lines.all.first)
        #expect(first.components(separatedBy: "\"shared\"").count == 2, "a key written twice: \(first)")
        // Keys after the four fixed ones are in order.
        let keys = ["\"a\"", "\"b\"", "\"from_handler\"", "\"from_provider\"", "\"shared\""].map { first.range(of: $0)?.lowerBound }
        #expect(keys.allSatisfy { $0 != nil } && zip(keys, keys.dropFirst()).allSatisfy { $0! < $1! })
    }

    /// The access line written straight from its fields is the line swift-log's path writes, byte for byte but the
    /// timestamp, whatever the handler's and the provider's metadata hold (keys before, between and after the entry's,
    /// and keys that collide with them or with the handler's own).
    @Test(arguments: [nil, "reader"] as [String?])
    func theAccessLineWrittenDirectlyIsTheSwiftLogLine(key: String?) throws {
        let lines = Lines()
        var logger = Logger(label: "descent") { label in
            JSONLogHandler(label: label, metadataProvider: .init { ["provided": "p", "aaa": "from provider", "method": "no"] }, write: lines.append)
        }
        logger[metadataKey: "request_id"] = "the entry's wins"
        logger[metadataKey: "aaa"] = "first"
        logger[metadataKey: "c"] = ["between", "bytes and duration_ms"]
        logger[metadataKey: "route"] = "the entry's wins"
        logger[metadataKey: "level"] = "not the level"
        logger[metadataKey: "zzz"] = "last"
        let entry = AccessLogEntry(
            method: "POST", route: "/models/{ref}", path: "/models/m?q=\"x\"", status: 404, bytes: nil, nanoseconds: 1_500_000, key: key,
            requestID: "r-\"1\"")
        try Self.expectBothWaysAlike(entry, logger: logger, lines: lines)
        let object = try #require(try lines.objects().first)
        #expect(object["message"] as? String == #"POST /models/m?q="x" 404 - 1.500ms"#)
        #expect(object["request_id"] as? String == #"r-"1""#)
        #expect(object["route"] as? String == "/models/{ref}" && object["method"] as? String == "POST")
        #expect(object["aaa"] as? String == "first" && object["provided"] as? String == "p" && object["level"] as? String == "info")
        #expect(object["key"] as? String == key)
        #expect(object["bytes"] as? String == "-" && object["duration_ms"] as? String == "1.500" && object["status"] as? String == "404")
    }

    /// The common case, a handler with no metadata and no provider, takes a shorter way to the same line; one key of
    /// the handler's own, colliding with an entry's field or not, takes the general way.
    @Test(arguments: [nil, "status", "other"] as [String?])
    func theAccessLineWithLittleMetadataIsTheSwiftLogLine(handlerKey: String?) throws {
        let lines = Lines()
        var logger = Logger(label: "descent") { label in JSONLogHandler(label: label, write: lines.append) }
        if let handlerKey { logger[metadataKey: handlerKey] = "from the handler" }
        let entry = AccessLogEntry(
            method: "GET", route: "/health", path: "/health", status: 200, bytes: 42, nanoseconds: 250_000, key: nil,
            requestID: "0123456789abcdef")
        try Self.expectBothWaysAlike(entry, logger: logger, lines: lines)
        let object = try #require(try lines.objects().first)
        #expect(object["request_id"] as? String == "0123456789abcdef" && object["status"] as? String == "200")
        #expect(object["other"] as? String == (handlerKey == "other" ? "from the handler" : nil))
        #expect(object["path"] as? String == "/health" && object["bytes"] as? String == "42")
        #expect(object.count == (handlerKey == "other" ? 12 : 11), "timestamp, level, label, message, 7 fields (no key), …: \(object)")
    }

    /// A line longer than the stack's room (a long, escaped path) moves to the heap whole: the same bytes as swift-log's.
    @Test func aLongAccessLineComesOutWhole() throws {
        let lines = Lines()
        let logger = Logger(label: "descent") { label in JSONLogHandler(label: label, write: lines.append) }
        let path = "/models/" + String(repeating: "a\"b\\é\u{1}", count: 300)
        let entry = AccessLogEntry(
            method: "GET", route: "/models/{ref}", path: path, status: 404, bytes: 7, nanoseconds: 1, key: nil, requestID: "r")
        try Self.expectBothWaysAlike(entry, logger: logger, lines: lines)
        #expect(lines.all[0].utf8.count > LogLine.stackCapacity * 2)
        #expect(try lines.objects().first?["path"] as? String == path)
    }

    /// Writes `entry` through ``JSONLogHandler/logAccess(_:)`` and through swift-log, and expects the two lines to be
    /// the same but for the timestamp.
    static func expectBothWaysAlike(_ entry: AccessLogEntry, logger: Logger, lines: Lines) throws {
        let handler = try #require(logger.handler as? JSONLogHandler)
        handler.logAccess(entry)
        logger.info(entry.message, metadata: entry.metadata)
        let written = lines.all
        #expect(written.count == 2)
        func withoutTimestamp(_ line: String) -> Substring { line.drop { $0 != "," } }
        #expect(withoutTimestamp(written[0]) == withoutTimestamp(written[1]), "\(written[0])\(written[1])")
    }

    @Test func accessLogFalseLogsNoRequestLines() async throws {
        let lines = Lines()
        var configuration = testConfiguration()
        configuration.logLevel = .info
        configuration.accessLog = false
        let logger = Logger(label: "descent") { JSONLogHandler(label: $0, write: lines.append) }
        let parts = try await makeApplication(configuration: configuration, logger: logger)
        try await parts.application.test(.router) { client throws in
            #expect(try await client.send(.get, "/health").status == .ok)
        }
        #expect(try lines.objects().filter { $0["route"] != nil }.isEmpty)
    }
}
