import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import Testing

@testable import Server

/// The stores the HTTP suites run against: the same requests must give the same answers on each. `.postgres` needs
/// `DESCENT_TEST_DATABASE_URL` (scripts/test starts a server); each test gets a database of its own.
enum StoreKind: String, CaseIterable, Sendable {
    case memory, sqlite, postgres
}

/// A new, empty directory path under the system's temporary directory.
func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("descent-test-\(UUID().uuidString)").path
}

/// A configuration for tests over `store`: `.sqlite` keeps state in a new temporary directory, `.postgres` in a new
/// database (skipped, loudly, when no test database is configured and none is required).
func testConfiguration(
    store: StoreKind,
    workers: Int = 2,
    maxQueuedJobs: Int = 64,
    maxFinishedJobs: Int = 1000,
    limits: Limits = Limits()
) async throws -> ServerConfiguration {
    var configuration = testConfiguration(workers: workers, maxQueuedJobs: maxQueuedJobs, maxFinishedJobs: maxFinishedJobs, limits: limits)
    switch store {
    case .memory: break
    case .sqlite: configuration.dataDirectory = temporaryDirectory()
    case .postgres: configuration.database = DatabaseSettings(url: try await TestDatabase.create(), lease: .seconds(3))
    }
    return configuration
}

/// A configuration for tests: loopback, port 0, quiet logs, state in memory.
func testConfiguration(
    workers: Int = 2,
    maxQueuedJobs: Int = 64,
    maxFinishedJobs: Int = 1000,
    limits: Limits = Limits()
) -> ServerConfiguration {
    ServerConfiguration(
        host: "127.0.0.1", port: 0, workers: workers, maxQueuedJobs: maxQueuedJobs, maxFinishedJobs: maxFinishedJobs,
        limits: limits, logLevel: .warning, dataDirectory: nil, checkpointSeconds: 0.05
    )
}

/// Decodes a JSON response body.
func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
    try JSONDecoder().decode(T.self, from: buffer)
}

/// Asserts a problem+json response and returns its decoded body.
@discardableResult
func expectProblem(
    _ response: TestResponse, status: HTTPResponse.Status, kind: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> ProblemBody {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try decode(ProblemBody.self, from: response.body)
    #expect(problem.type == "/problems/\(kind)", sourceLocation: sourceLocation)
    #expect(problem.status == Int(status.code), sourceLocation: sourceLocation)
    #expect(problem.title == status.reasonPhrase, sourceLocation: sourceLocation)
    #expect(!problem.detail.isEmpty, sourceLocation: sourceLocation)
    return problem
}

extension TestClientProtocol {
    /// Sends a JSON body (a string) with `method` to `uri`.
    func send(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: [:], body: json.map { ByteBuffer(string: $0) })
    }

    /// Polls `GET /jobs/{id}` until the job has finished (or ~30 s pass).
    func waitForJob(_ id: String) async throws -> TestJob {
        for _ in 0..<3000 {
            let job = try decode(TestJob.self, from: try await send(.get, "/jobs/\(id)").body)
            if ["succeeded", "failed", "cancelled"].contains(job.status) { return job }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job \(id) did not finish")
        throw CancellationError()
    }
}

/// The repository root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
