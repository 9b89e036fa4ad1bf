import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// Errors Hummingbird raises itself come out as problem+json too: unknown routes, wrong methods, big bodies.
@Suite struct RoutingProblemTests {
    @Test func unknownRouteIs404Problem() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let problem = try expectProblem(try await client.send(.get, "/nope"), status: .notFound, kind: "not-found")
            #expect(problem.detail == "no route for GET /nope")
            #expect(problem.errors == nil)
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/train", "POST"),
        (.post, "/health", "GET, HEAD"),
        (.put, "/jobs/job_1", "GET, DELETE, HEAD"),
        (.delete, "/predict", "POST"),
        (.patch, "/models/churn", "GET, DELETE, HEAD"),
        (.post, "/models", "GET, HEAD"),
        (.get, "/broadcast", "POST"),
        (.delete, "/jobs", "GET, HEAD"),
        (.trace, "/train", "POST"),
        (HTTPRequest.Method("QUERY")!, "/jobs", "GET, HEAD"),
        (.options, "/openapi.yaml", "GET, HEAD"),
    ])
    func knownPathWithWrongMethodIs405WithAllow(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(method, path)
            let problem = try expectProblem(response, status: .methodNotAllowed, kind: "method-not-allowed")
            #expect(response.headers[.allow] == allow)
            #expect(problem.detail == "\(path) does not support \(method.rawValue); allowed: \(allow)")
        }
    }

    @Test func templatesMatchOneSegmentPerParameter() {
        #expect(RouteTable.entry(for: "/jobs/job_1")?.path == "/jobs/{id}")
        #expect(RouteTable.entry(for: "/jobs")?.path == "/jobs")
        #expect(RouteTable.entry(for: "/jobs/a/b") == nil)
        #expect(RouteTable.entry(for: "/models/") == nil)
        #expect(RouteTable.entry(for: "/nope") == nil)
    }

    @Test func everyRouteInTheTableAnswersItsMethods() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            for entry in RouteTable.entries {
                let path = entry.path.replacingOccurrences(of: "{id}", with: "job_0").replacingOccurrences(of: "{ref}", with: "m")
                    .replacingOccurrences(of: "{alias}", with: "a")
                for method in entry.methods {
                    let response = try await client.send(method, path, json: "{}")
                    #expect(response.status != .methodNotAllowed, "\(method) \(path)")
                    #expect(response.status.code != 404 || path.contains("_0") || path.hasPrefix("/models/m"), "\(method) \(path)")
                }
            }
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let app = try await buildApplication(configuration: testConfiguration(limits: Limits(maxBodyBytes: 64)))
        try await app.test(.router) { client in
            let body = #"{"shapes": [[3, 1], [3, 4]], "padding": ""# + String(repeating: "x", count: 100) + #""}"#
            for path in ["/broadcast", "/train", "/predict"] {
                let problem = try expectProblem(
                    try await client.send(.post, path, json: body), status: .contentTooLarge, kind: "payload-too-large"
                )
                #expect(problem.detail == "request body is larger than the limit of 64 bytes (max-body-bytes)")
            }
        }
    }

    @Test func bodyThatIsNotJSONIs400() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            for path in ["/broadcast", "/train", "/predict"] {
                let problem = try expectProblem(try await client.send(.post, path, json: "{not json"), status: .badRequest, kind: "bad-request")
                #expect(!problem.detail.contains("Swift"))
                #expect(!problem.detail.contains("DecodingError"))
            }
        }
    }

    @Test func emptyBodyIs400() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            _ = try expectProblem(try await client.send(.post, "/train"), status: .badRequest, kind: "bad-request")
        }
    }

    @Test func shuttingDownIs503() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        await parts.runner.beginStopping()
        try await parts.application.test(.router) { client in
            let response = try await client.send(.get, "/health")
            try expectProblem(response, status: .serviceUnavailable, kind: "shutting-down")
            #expect(response.headers[.retryAfter] == "5")
            try expectProblem(
                try await client.send(.post, "/train", json: #"{"generate": {"samples": 4, "features": 2}}"#),
                status: .serviceUnavailable, kind: "shutting-down"
            )
        }
    }
}
