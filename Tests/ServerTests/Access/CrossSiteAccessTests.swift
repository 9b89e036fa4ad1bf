import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// CORS with API keys: a listed origin's preflight (sent without credentials) is answered and allows the key headers
/// and gzip; refusals to a listed origin carry CORS headers so its script can read them; other origins get none.
@Suite struct CrossSiteAccessTests {
    static func configuration() -> ServerConfiguration {
        var configuration = testConfiguration()
        configuration.crossSite = CrossSitePolicy(corsOrigins: ["https://app.example"])
        configuration.apiKeys = AccessMatrixTests.records
        return configuration
    }

    @Test func preflightNeedsNoKeyAndAllowsTheKeyHeaders() async throws {
        let parts = try await makeApplication(configuration: Self.configuration())
        try await parts.application.test(.router) { client throws in
            let preflight = try await client.execute(
                uri: "/train", method: .options,
                headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST",
                          .accessControlRequestHeaders: "authorization, content-type, content-encoding"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://app.example")
            #expect(preflight.headers[.accessControlAllowHeaders] == "Authorization, X-API-Key, Content-Type, Content-Encoding, Accept-Encoding, X-Request-ID")
            let foreign = try await client.execute(
                uri: "/train", method: .options, headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            #expect(foreign.status == .methodNotAllowed)
        }
    }

    @Test func refusalsToAListedOriginAreReadable() async throws {
        let parts = try await makeApplication(configuration: Self.configuration())
        try await parts.application.test(.router) { client throws in
            let refused = try await client.execute(uri: "/models", method: .get, headers: [.origin: "https://app.example"])
            try expectProblem(refused, status: .unauthorized, kind: "unauthorized")
            #expect(refused.headers[.accessControlAllowOrigin] == "https://app.example")
            #expect(refused.headers[.accessControlExposeHeaders]?.contains("WWW-Authenticate") == true)
            #expect(refused.headers[.wwwAuthenticate] == #"Bearer realm="descent""#)
            let allowed = try await client.execute(
                uri: "/models", method: .get, headers: [.origin: "https://app.example", .authorization: "Bearer \(AccessMatrixTests.readKey)"])
            #expect(allowed.status == .ok)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example")
            let foreign = try await client.execute(
                uri: "/models", method: .get, headers: [.origin: "https://evil.example", .authorization: "Bearer \(AccessMatrixTests.readKey)"])
            #expect(foreign.status == .ok)
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
