import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// `/health/live` and `/health/ready`: ready with zero models, 503 problem+json (with `ready: false`) once draining
/// or once the job runner stops, while liveness stays 200 and the plain `/health` keeps its v1 answer.
@Suite struct ProbeRoutesTests {
    struct Live: Decodable { let live: Bool }
    struct Ready: Decodable { let ready: Bool }

    @Test func liveAndReadyWithZeroModels() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            let live = try await client.send(.get, "/health/live")
            #expect(live.status == .ok)
            #expect(try decode(Live.self, from: live.body).live)
            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try decode(Ready.self, from: ready.body).ready)
            #expect(parts.registry.count == 0)
            #expect(try await client.send(.get, "/health").status == .ok)
            #expect(try await client.send(.head, "/health/ready").status == .ok)
        }
    }

    @Test func notReadyWhileDrainingWithARunningJob() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            let job = try decode(TestJob.self, from: try await client.send(
                .post, "/train", json: #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#).body)
            #expect(try await client.send(.get, "/health/ready").status == .ok)
            parts.drain.beginDraining()
            let response = try await client.execute(uri: "/health/ready", method: .get, headers: [.requestID: "probe-1"])
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.headers[.retryAfter] == "5")
            let body = try decode(NotReadyBody.self, from: response.body)
            #expect(body == NotReadyBody(
                type: "/problems/not-ready", title: "Service Unavailable", status: 503, detail: "not ready: draining",
                ready: false, reason: "draining", requestID: "probe-1"))
            #expect(try await client.send(.get, "/health/live").status == .ok, "alive while draining")
            try expectProblem(try await client.send(.get, "/health"), status: .serviceUnavailable, kind: "shutting-down")
            _ = try await parts.runner.cancel(job.id)
        }
    }

    @Test func notReadyOnceTheRunnerStops() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            #expect(try await client.send(.get, "/health/ready").status == .ok)
            await parts.runner.beginStopping()
            #expect(try await client.send(.get, "/health/ready").status == .serviceUnavailable)
            #expect(try await client.send(.get, "/health/live").status == .ok)
        }
    }
}
