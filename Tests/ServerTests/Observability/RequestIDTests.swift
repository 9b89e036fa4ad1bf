import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// `X-Request-ID`: a sane one is echoed, an oversized or non-ASCII one is replaced by a generated one, and every
/// problem+json carries the same id as `request_id`.
@Suite struct RequestIDTests {
    @Test func acceptsOnlyOneTo128VisibleASCIICharacters() {
        #expect(RequestID.isAcceptable("abc-123"))
        #expect(RequestID.isAcceptable(String(repeating: "x", count: 128)))
        #expect(!RequestID.isAcceptable(String(repeating: "x", count: 129)))
        #expect(!RequestID.isAcceptable(""))
        #expect(!RequestID.isAcceptable("a b"))
        #expect(!RequestID.isAcceptable("café"))
        #expect(!RequestID.isAcceptable("tab\there"))
    }

    /// Generated ids: 32 lowercase hex digits, one prefix for the process, then a counter.
    @Test func generatedIDsShareAPrefixAndCount() throws {
        let first = RequestID.generate()
        let second = RequestID.generate()
        for id in [first, second] {
            #expect(id.utf8.count == 32 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
        #expect(first.prefix(16) == second.prefix(16))
        let (low, next) = try (#require(UInt64(first.dropFirst(16), radix: 16)), #require(UInt64(second.dropFirst(16), radix: 16)))
        #expect(next &- low >= 1)
    }

    @Test func givenIDIsEchoed() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client throws in
            let response = try await client.execute(uri: "/health", method: .get, headers: [.requestID: "abc-123_XYZ.~!"])
            #expect(response.status == .ok)
            #expect(response.headers[.requestID] == "abc-123_XYZ.~!")
        }
    }

    @Test(arguments: [String(repeating: "a", count: 200), "café-42", "two words", ""])
    func badIDIsReplaced(given: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client throws in
            let response = try await client.execute(uri: "/nowhere", method: .get, headers: [.requestID: given])
            let id = try #require(response.headers[.requestID])
            #expect(id != given)
            #expect(RequestID.isAcceptable(id))
            let problem = try expectProblem(response, status: .notFound, kind: "not-found")
            #expect(problem.requestID == id)
        }
    }

    @Test func missingIDIsGeneratedAndDistinct() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client throws in
            let first = try #require(try await client.send(.get, "/health").headers[.requestID])
            let second = try #require(try await client.send(.get, "/health").headers[.requestID])
            #expect(RequestID.isAcceptable(first) && RequestID.isAcceptable(second))
            #expect(first != second)
        }
    }

    /// One request of each way to fail: no route, wrong method, malformed JSON, a bad value, a missing model, a body
    /// over the limit, and draining.
    @Test func everyProblemCarriesTheRequestID() async throws {
        var limits = Limits()
        limits.maxBodyBytes = 64
        let parts = try await makeApplication(configuration: testConfiguration(limits: limits))
        let cases: [(HTTPRequest.Method, String, String?, HTTPResponse.Status)] = [
            (.get, "/nowhere", nil, .notFound),
            (.put, "/train", nil, .methodNotAllowed),
            (.post, "/broadcast", "{", .badRequest),
            (.post, "/broadcast", #"{"shapes": [[2], [3]]}"#, .unprocessableContent),
            (.post, "/predict", #"{"model": "nope", "x": [1]}"#, .notFound),
            (.post, "/predict", String(repeating: " ", count: 100), .contentTooLarge),
            (.get, "/models?limit=0", nil, .badRequest),
        ]
        try await parts.application.test(.router) { client throws in
            for (index, (method, uri, body, status)) in cases.enumerated() {
                let id = "case-\(index)"
                let response = try await client.execute(
                    uri: uri, method: method, headers: [.requestID: id], body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == status, "\(method) \(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.requestID] == id)
                #expect(try decode(ProblemBody.self, from: response.body).requestID == id, "\(method) \(uri)")
            }
            parts.drain.beginDraining()
            let draining = try await client.execute(uri: "/models", method: .get, headers: [.requestID: "drain-1"])
            #expect(try expectProblem(draining, status: .serviceUnavailable, kind: "shutting-down").requestID == "drain-1")
        }
    }
}
