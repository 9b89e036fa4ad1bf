import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import Server

@Suite struct HealthRoutesTests {
    @Test func healthReportsVersionAndCounts() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.get, "/health")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let health = try decode(TestHealth.self, from: response.body)
            #expect(health.status == "ok")
            #expect(health.version == DescentVersion.string)
            #expect(health.uptime_seconds >= 0)
            #expect(health.models == 0)
            #expect(health.jobs.queued == 0)
            #expect(health.jobs.running == 0)
        }
    }

    @Test func openAPIDocumentIsTheEmbeddedResource() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        let resource = try Data(contentsOf: packageRoot.appendingPathComponent("Sources/Server/Resources/openapi.yaml"))
        try await app.test(.router) { client in
            let response = try await client.send(.get, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
            let served = Data(buffer: response.body)
            #expect(served == resource)
        }
    }

    @Test func rootOpenAPIFileIsByteIdenticalToTheResource() throws {
        let root = try Data(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"))
        let resource = try Data(contentsOf: packageRoot.appendingPathComponent("Sources/Server/Resources/openapi.yaml"))
        #expect(root == resource)
        #expect(String(decoding: resource, as: UTF8.self).hasPrefix("openapi: 3.1.0\n"))
    }

    @Test func headIsServedForGetRoutes() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.head, "/health")
            #expect(response.status == .ok)
        }
    }
}
