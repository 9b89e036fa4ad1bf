import Foundation
import Logging
import PostgresNIO
import Testing


@testable import Storage

/// Fresh PostgreSQL databases for tests, on the server `DESCENT_TEST_DATABASE_URL` points at (scripts/test starts one).
///
/// Without the variable, a test that needs PostgreSQL is skipped with a message, unless `CI` or
/// `DESCENT_TEST_REQUIRE_POSTGRES=1` says it must run: then it fails.
enum TestDatabase {
    static let variable = "DESCENT_TEST_DATABASE_URL"

    static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var required: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CI"].map { !$0.isEmpty } == true || environment["DESCENT_TEST_REQUIRE_POSTGRES"] == "1"
    }

    /// The URL of a new, empty database; skips or fails the test when there is no server.
    static func create() async throws -> String {
        guard let url else {
            if required {
                Issue.record("\(variable) is not set, and CI requires the PostgreSQL tests: run them through scripts/test")
                throw CancellationError()
            }
            try Test.cancel("PostgreSQL tests skipped: \(variable) is not set (scripts/test starts a server)")
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try await withClient(url) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return try replacingDatabase(in: url, with: name)
    }

    /// Runs `body` with a client of `url` that runs meanwhile.
    static func withClient<T: Sendable>(_ url: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try PostgresURL(url).clientConfiguration(), backgroundLogger: Logger(label: "test-db"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    static func replacingDatabase(in url: String, with name: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw CancellationError() }
        components.path = "/" + name
        guard let result = components.string else { throw CancellationError() }
        return result
    }
}

/// Quiet logs for stores under test.
let testLogger: Logger = {
    var logger = Logger(label: "descent-test")
    logger.logLevel = .warning
    return logger
}()
