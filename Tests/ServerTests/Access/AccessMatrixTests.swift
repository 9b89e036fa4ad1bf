import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Server

/// Every route × {no key, unknown key, read key, write key}: exact statuses and bodies. An allowed request must
/// answer exactly as the same server without keys does; a refused one gets the 401/403 problem (or `{"error"}` under
/// `/v2`). No key appears in any log line; the key's name does.
@Suite struct AccessMatrixTests {
    static let readKey = "dsk_read_0123456789abcdef0123456789abcdef"
    static let writeKey = "dsk_write_fedcba9876543210fedcba9876543210"
    static let unknownKey = "dsk_unknown_00000000000000000000000000"
    static let records = [
        APIKeyRecord(name: "reader", scope: .read, key: readKey), APIKeyRecord(name: "writer", scope: .write, key: writeKey),
    ]

    enum Need { case open, read, write }

    /// One request to every served path and method; `routesCoverTheRouteTable` proves none is missing.
    static let requests: [(HTTPRequest.Method, String, String?, Need)] = [
        (.get, "/health", nil, .open),
        (.get, "/health/live", nil, .open),
        (.get, "/health/ready", nil, .open),
        (.get, "/metrics", nil, .open),
        (.get, "/openapi.yaml", nil, .open),
        (.get, "/", nil, .open),
        (.post, "/broadcast", #"{"shapes": [[2, 1], [3]]}"#, .read),
        (.post, "/train", #"{"epochs": 1}"#, .write),
        (.get, "/jobs", nil, .read),
        (.get, "/jobs/job_nope", nil, .read),
        (.delete, "/jobs/job_nope", nil, .write),
        (.get, "/jobs/job_nope/events", nil, .read),
        (.get, "/jobs/job_nope/loss.svg", nil, .read),
        (.get, "/models", nil, .read),
        (.get, "/models/mdl_nope", nil, .read),
        (.delete, "/models/mdl_nope", nil, .write),
        (.put, "/models/m/aliases/prod", #"{"version": 1}"#, .write),
        (.delete, "/models/m/aliases/prod", nil, .write),
        (.post, "/predict", #"{"model": "m", "x": [[1.0]]}"#, .read),
        (.get, "/v2", nil, .read),
        (.get, "/v2/health/live", nil, .read),
        (.get, "/v2/health/ready", nil, .read),
        (.get, "/v2/models/m", nil, .read),
        (.get, "/v2/models/m/ready", nil, .read),
        (.post, "/v2/models/m/infer", #"{"inputs": []}"#, .read),
        (.get, "/v2/models/m/versions/1", nil, .read),
        (.get, "/v2/models/m/versions/1/ready", nil, .read),
        (.post, "/v2/models/m/versions/1/infer", #"{"inputs": []}"#, .read),
        // Not routes: a method a path does not serve (405 for any key) and an unknown path (404 for any key).
        (.patch, "/predict", nil, .read),
        (.get, "/nowhere", nil, .read),
    ]

    /// Bodies that change from one answer to the next (uptime, counters): compared by status only.
    static let volatile: Set<String> = ["/health", "/metrics"]

    @Test func routesCoverTheRouteTable() {
        for entry in RouteTable.entries {
            for method in entry.methods {
                #expect(Self.requests.contains { $0.0 == method && entry.matches(segments: RouteTable.segments(of: $0.1)) }, "\(method) \(entry.path) is not in the matrix")
            }
        }
    }

    @Test func matrix() async throws {
        let lines = LogLinesTests.Lines()
        var keyed = testConfiguration()
        keyed.apiKeys = Self.records
        keyed.logLevel = .info
        let logger = Logger(label: "descent") { JSONLogHandler(label: $0, write: lines.append) }
        let open = try await makeApplication(configuration: testConfiguration())
        let guarded = try await makeApplication(configuration: keyed, logger: logger)
        // What each request answers without keys.
        let expected = try await open.application.test(.router) { client throws in
            var expected: [Int: (HTTPResponse.Status, ByteBuffer)] = [:]
            for (index, (method, uri, body, _)) in Self.requests.enumerated() {
                let answer = try await client.execute(uri: uri, method: method, headers: [.requestID: "r\(index)"], body: body.map { ByteBuffer(string: $0) })
                expected[index] = (answer.status, answer.body)
            }
            return expected
        }
        try await guarded.application.test(.router) { client throws in
            for (index, (method, uri, body, need)) in Self.requests.enumerated() {
                for (credential, headers) in Self.credentials() {
                    var headers = headers
                    headers[.requestID] = "r\(index)"
                    let answer = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                    let what = "\(method) \(uri) with \(credential)"
                    let allowed = switch (need, credential) {
                    case (.open, _), (.read, "read key"), (.read, "write key"), (.write, "write key"),
                        (.read, "read key by X-API-Key"), (.read, "read key, lowercase bearer"): true
                    default: false
                    }
                    if allowed {
                        let (status, body) = try #require(expected[index])
                        #expect(answer.status == status, "\(what)")
                        if !Self.volatile.contains(uri) { #expect(answer.body == body, "\(what)") }
                        #expect(answer.headers[.wwwAuthenticate] == nil, "\(what)")
                    } else {
                        try Self.expectRefusal(answer, uri: uri, credential: credential, requestID: "r\(index)", what: what)
                    }
                }
            }
        }
        // Keys never reach the log; their names do, with every request they make.
        let all = lines.all.joined()
        for key in [Self.readKey, Self.writeKey, Self.unknownKey] { #expect(!all.contains(key)) }
        let access = try lines.objects().filter { $0["route"] != nil }
        #expect(access.count == Self.requests.count * Self.credentials().count)
        #expect(access.filter { $0["key"] as? String == "reader" }.count == Self.requests.count * 3)
        #expect(access.filter { $0["key"] as? String == "writer" }.count == Self.requests.count)
        #expect(access.filter { $0["key"] as? String == "unknown" }.count == Self.requests.count)
        #expect(access.filter { $0["key"] == nil }.count == Self.requests.count)
    }

    static func credentials() -> [(String, HTTPFields)] {
        [
            ("no key", [:]),
            ("unknown key", [.authorization: "Bearer \(unknownKey)"]),
            ("read key", [.authorization: "Bearer \(readKey)"]),
            ("read key by X-API-Key", [APIKeyCredential.apiKeyField: readKey]),
            ("read key, lowercase bearer", [.authorization: "bearer \(readKey)"]),
            ("write key", [.authorization: "Bearer \(writeKey)"]),
        ]
    }

    static func expectRefusal(_ answer: TestResponse, uri: String, credential: String, requestID: String, what: String) throws {
        let (status, challenge, detail): (HTTPResponse.Status, String, String) =
            switch credential {
            case "no key":
                (.unauthorized, #"Bearer realm="descent""#,
                 "an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>")
            case "unknown key":
                (.unauthorized, #"Bearer realm="descent", error="invalid_token""#, "the API key is not valid")
            default:
                (.forbidden, #"Bearer realm="descent", error="insufficient_scope", scope="write""#,
                 "the API key reader has scope read; this route needs write")
            }
        #expect(answer.status == status, "\(what)")
        #expect(answer.headers[.wwwAuthenticate] == challenge, "\(what)")
        let body = String(buffer: answer.body)
        if uri.hasPrefix("/v2") {
            #expect(answer.headers[.contentType] == "application/json", "\(what)")
            #expect(body == #"{"error":"\#(detail)"}"#, "\(what)")
        } else {
            #expect(answer.headers[.contentType] == "application/problem+json", "\(what)")
            let kind = status == .unauthorized ? "unauthorized" : "forbidden"
            let expected = #"{"detail":"\#(detail)","request_id":"\#(requestID)","status":\#(status.code),"title":"\#(status.reasonPhrase)","type":"/problems/\#(kind)"}"#
            #expect(body == expected, "\(what)")
        }
    }

    @Test func metricsAuthPutsMetricsBehindARead() async throws {
        var configuration = testConfiguration()
        configuration.apiKeys = Self.records
        configuration.metricsAuth = true
        let parts = try await makeApplication(configuration: configuration)
        try await parts.application.test(.router) { client throws in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.readKey)"]).status == .ok)
            #expect(try await client.execute(uri: "/health/ready", method: .get).status == .ok)
        }
    }

    @Test func noKeysConfiguredMeansNoKeyIsAsked() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            let answer = try await client.execute(uri: "/models/mdl_nope", method: .delete, headers: [.authorization: "Bearer whatever"])
            #expect(answer.status == .notFound)
        }
    }
}
