import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// `--cors-origin` and `--allowed-hosts`: foreign origins may not change state; unknown hosts are not served.
@Suite struct CrossSiteMiddlewareTests {
    static func configuration(origins: [String] = [], hosts: [String] = []) -> ServerConfiguration {
        var configuration = testConfiguration()
        configuration.crossSite = CrossSitePolicy(corsOrigins: origins, allowedHosts: hosts)
        return configuration
    }

    static let shapes = ByteBuffer(string: #"{"shapes": [[3, 1], [1, 4]]}"#)

    @Test func postFromAForeignOriginIs403() async throws {
        let app = try await buildApplication(configuration: Self.configuration())
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.origin: "https://evil.example"], body: Self.shapes)
            try expectProblem(response, status: .forbidden, kind: "origin-not-allowed")
        }
    }

    @Test func postWithoutOriginLikeCurlWorks() async throws {
        let app = try await buildApplication(configuration: Self.configuration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"shapes": [[3, 1], [1, 4]]}"#)
            #expect(response.status == .ok)
        }
    }

    @Test func sameOriginPostWorks() async throws {
        let app = try await buildApplication(configuration: Self.configuration())
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.origin: "http://localhost"], body: Self.shapes)
            #expect(response.status == .ok)
        }
    }

    @Test func listedOriginWorksAndGetsCORSHeaders() async throws {
        let app = try await buildApplication(configuration: Self.configuration(origins: ["https://app.example"]))
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/broadcast", method: .post, headers: [.origin: "https://app.example"], body: Self.shapes)
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "https://app.example")
            let preflight = try await client.execute(
                uri: "/broadcast", method: .options,
                headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"], body: nil)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
        }
    }

    @Test func getFromAForeignOriginIsAnsweredWithoutCORS() async throws {
        let app = try await buildApplication(configuration: Self.configuration())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"], body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func unlistedHostIs421AndListedHostsWork() async throws {
        // The router test client always sends the authority `localhost`.
        let strict = try await buildApplication(configuration: Self.configuration(hosts: ["descent.internal"]))
        try await strict.test(.router) { client in
            _ = try expectProblem(
                try await client.execute(uri: "/health", method: .get), status: .misdirectedRequest, kind: "host-not-allowed")
        }
        let listed = try await buildApplication(configuration: Self.configuration(hosts: ["descent.internal", "LOCALHOST"]))
        try await listed.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
        }
        #expect(CrossSiteMiddleware.hostAllowed("localhost:9000", ["localhost"]))
        #expect(CrossSiteMiddleware.hostAllowed("127.0.0.1:8080", ["127.0.0.1:8080"]))
        #expect(!CrossSiteMiddleware.hostAllowed("127.0.0.1:9999", ["127.0.0.1:8080"]))
        #expect(!CrossSiteMiddleware.hostAllowed("rebind.evil.example", ["localhost"]))
    }

    @Test(arguments: [("localhost:8080", "localhost"), ("[::1]:80", "[::1]"), ("example", "example")])
    func hostNames(host: String, name: String) {
        #expect(CrossSiteMiddleware.hostName(host) == name)
    }
}
