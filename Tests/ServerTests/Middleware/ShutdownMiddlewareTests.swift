import HTTPTypes
import HummingbirdTesting
import Testing

@testable import Server

/// Requests that reach a route once draining has begun get 503 problem+json with `Retry-After`.
@Suite struct ShutdownMiddlewareTests {
    @Test func drainingAnswers503() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client in
            #expect(try await client.send(.get, "/health").status == .ok)
            parts.drain.beginDraining()
            let response = try await client.send(.post, "/broadcast", json: #"{"shapes": [[1], [2]]}"#)
            try expectProblem(response, status: .serviceUnavailable, kind: "shutting-down")
            #expect(response.headers[.retryAfter] == "5")
        }
    }

    @Test func flagStartsClearAndStaysSet() async throws {
        let state = DrainState()
        #expect(!state.isDraining)
        state.beginDraining()
        #expect(state.isDraining)
    }
}
