import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing

@testable import Server

/// `GET /metrics` after a known sequence of requests, trainings, a cancel, predictions and deletions: parsed with
/// ``PrometheusText``, every counter and histogram count equals what was done, labels stay bounded, and a deleted
/// model leaves no series. Each test has its own registry (no global bootstrap), so they run in parallel.
@Suite struct MetricsRouteTests {
    static let requestLabels: Set<String> = ["http_route", "http_request_method", "http_response_status_code"]

    static func scrape(_ client: some TestClientProtocol) async throws -> PrometheusText {
        let response = try await client.send(.get, "/metrics")
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        return try PrometheusText(String(buffer: response.body))
    }

    /// Requests to `route` with `method` and `status`, as the duration histogram counted them.
    static func requests(_ text: PrometheusText, _ route: String, _ method: String, _ status: Int) -> Double? {
        text.value(
            "http_server_request_duration_seconds_count",
            ["http_route": route, "http_request_method": method, "http_response_status_code": String(status)])
    }

    @Test(arguments: StoreKind.allCases) func countsEqualWhatWasDone(store: StoreKind) async throws {
        let registry = PrometheusCollectorRegistry()
        let parts = try await makeApplication(configuration: testConfiguration(store: store), metrics: registry)
        try await parts.application.test(.router) { client throws in
            // Two trainings of 8 rows × 5 epochs: churn v1 and v2.
            _ = try await ModelRoutesTests.train(client, name: "churn", count: 2)
            // One long job, cancelled while it runs (8 rows per epoch, so rows = 8 × epochs whatever it reached).
            let long = try decode(TestJob.self, from: try await client.send(
                .post, "/train", json: #"{"generate": {"samples": 8, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#).body)
            #expect(try await client.send(.delete, "/jobs/\(long.id)").status == .accepted)
            #expect(try await client.waitForJob(long.id).status == "cancelled")
            // Predictions: 3 rows from v2, 1 row from v1, one for a model that does not exist.
            #expect(try await client.send(.post, "/predict", json: #"{"model": "churn", "x": [[0.5, 0.1], [1.0, 2.0], [-3.0, -4.0]]}"#).status == .ok)
            #expect(try await client.send(.post, "/predict", json: #"{"model": "churn", "version": 1, "x": [0.5, 0.1]}"#).status == .ok)
            #expect(try await client.send(.post, "/predict", json: #"{"model": "nope", "x": [0.5, 0.1]}"#).status == .notFound)
            // Two unknown paths, one known path with a method it does not serve.
            #expect(try await client.send(.get, "/nowhere/1").status == .notFound)
            #expect(try await client.send(.get, "/nowhere/2").status == .notFound)
            #expect(try await client.send(.put, "/predict").status == .methodNotAllowed)

            let text = try await Self.scrape(client)
            #expect(text.types["http_server_request_duration_seconds"] == "histogram")
            #expect(text.types["descent_prediction_duration_seconds"] == "histogram")
            #expect(text.types["descent_store_write_duration_seconds"] == "histogram")
            #expect(text.types["descent_jobs_finished_total"] == "counter")
            #expect(text.types["descent_models"] == "gauge")

            #expect(Self.requests(text, "/train", "POST", 201) == 2)
            #expect(Self.requests(text, "/train", "POST", 202) == 1)
            #expect(Self.requests(text, "/jobs/{id}", "DELETE", 202) == 1)
            #expect(Self.requests(text, "/predict", "POST", 200) == 2)
            #expect(Self.requests(text, "/predict", "POST", 404) == 1)
            #expect(Self.requests(text, "unknown", "GET", 404) == 2)
            #expect(Self.requests(text, "unknown", "PUT", 405) == 1)
            #expect(text.value("http_server_active_requests", ["http_request_method": "GET"]) == 1, "the scrape itself")
            #expect(text.value("http_server_active_requests", ["http_request_method": "POST"]) == 0)
            // Bounded labels: only route templates (never an id or a raw path), always the same three names.
            let routes = Set(RouteTable.entries.map(\.path)).union(["unknown"])
            for labels in text.labelSets("http_server_request_duration_seconds_bucket") {
                #expect(Set(labels.keys) == Self.requestLabels)
                #expect(routes.contains(labels["http_route"] ?? ""), "route label \(labels)")
            }

            #expect(text.value("descent_jobs_finished_total", ["status": "succeeded"]) == 2)
            #expect(text.value("descent_jobs_finished_total", ["status": "cancelled"]) == 1)
            #expect(text.value("descent_jobs_finished_total", ["status": "failed"]) == 0)
            #expect(text.value("descent_jobs", ["status": "queued"]) == 0)
            #expect(text.value("descent_jobs", ["status": "running"]) == 0)
            #expect(text.value("descent_job_resumes_total") == 0)
            let epochs = try #require(text.value("descent_training_epochs_total"))
            #expect(epochs >= 10, "two trainings of 5 epochs, and whatever the cancelled one reached")
            #expect(text.value("descent_training_rows_total") == epochs * 8)
            #expect(text.value("descent_models") == 2)
            #expect(text.value("descent_predictions_total", ["model_name": "churn", "model_version": "2"]) == 3)
            #expect(text.value("descent_predictions_total", ["model_name": "churn", "model_version": "1"]) == 1)
            #expect(text.value("descent_prediction_duration_seconds_count", ["model_name": "churn"]) == 2)
            #expect(text.labelSets("descent_predictions_total").count == 2, "no series for the unknown model")
            let writes = try #require(text.value("descent_store_write_duration_seconds_count", ["store": store.rawValue]))
            // On PostgreSQL a job's start is its claim, and a cancel goes to the shared queue: neither is a timed write.
            #expect(writes >= (store == .postgres ? 5 : 6), "3 jobs added, each started and finished")

            // Deleting v1 removes its series; v2's stay.
            #expect(try await client.send(.delete, "/models/churn?version=1").status == .noContent)
            let afterOne = try await Self.scrape(client)
            #expect(afterOne.value("descent_models") == 1)
            #expect(afterOne.values("descent_predictions_total", ["model_version": "1"]).isEmpty)
            #expect(afterOne.value("descent_predictions_total", ["model_name": "churn", "model_version": "2"]) == 3)
            #expect(afterOne.value("descent_prediction_duration_seconds_count", ["model_name": "churn"]) == 2)

            // Deleting the last version removes every series of the name.
            #expect(try await client.send(.delete, "/models/churn").status == .noContent)
            let afterAll = try await Self.scrape(client)
            #expect(afterAll.value("descent_models") == 0)
            #expect(!afterAll.samples.contains { $0.labels["model_name"] == "churn" })
        }
    }

    @Test func madeUpMethodsShareOneLabel() async throws {
        let parts = try await makeApplication(configuration: testConfiguration())
        try await parts.application.test(.router) { client throws in
            for name in ["FOO", "BAR", "BAZ"] {
                let method = try #require(HTTPRequest.Method(name))
                #expect(try await client.execute(uri: "/predict", method: method).status == .methodNotAllowed)
            }
            let text = try await Self.scrape(client)
            #expect(Self.requests(text, "unknown", "_OTHER", 405) == 3)
            #expect(!text.samples.contains { ["FOO", "BAR", "BAZ"].contains($0.labels["http_request_method"] ?? "") })
        }
    }

    @Test func metricsFalseCountsNothing() async throws {
        var configuration = testConfiguration()
        configuration.metricsEnabled = false
        let registry = PrometheusCollectorRegistry()
        let parts = try await makeApplication(configuration: configuration, metrics: registry)
        try await parts.application.test(.router) { client throws in
            _ = try await ModelRoutesTests.train(client, name: "churn", count: 1)
            #expect(try await client.send(.post, "/predict", json: #"{"model": "churn", "x": [0.5, 0.1]}"#).status == .ok)
            let text = try await Self.scrape(client)
            #expect(text.samples.isEmpty)
        }
    }
}
