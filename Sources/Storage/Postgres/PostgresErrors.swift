import PostgresNIO

/// PostgreSQL's errors as ``StoreError``s: a full disk is `.full`; everything else (the server unreachable, a
/// connection lost, a statement refused) is `.unavailable`, which the server answers with 503 and `Retry-After`.
enum PostgresErrors {
    /// The SQLSTATE of "disk full".
    static let diskFull = "53100"

    /// Whether `error` says the database could not be reached (rather than that it refused something).
    static func isConnectionProblem(_ error: any Error) -> Bool {
        switch error {
        case is DeadlineExceeded: return true
        case let error as PSQLError: return error.serverInfo == nil
        case let error as PostgresTransactionError:
            return [error.beginError, error.closureError, error.commitError].contains { $0.map(isConnectionProblem) ?? false }
        default: return false
        }
    }

    static func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as PostgresTransactionError:
            let inner = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
            return inner.map(storeError) ?? .unavailable("the database transaction failed")
        case let error as PSQLError:
            guard let serverInfo = error.serverInfo else {
                return .unavailable("the database cannot be reached (\(error.code))")
            }
            if serverInfo[.sqlState] == diskFull { return .full }
            return .unavailable("the database refused a statement: \(serverInfo[.message] ?? "\(error.code)")")
        case is DeadlineExceeded:
            return .unavailable("the database did not answer in time")
        case is CancellationError:
            return .unavailable("the database request was cancelled")
        default:
            return .unavailable(String(describing: error))
        }
    }
}

/// A database call that took longer than its deadline.
struct DeadlineExceeded: Error {}

/// Runs `body`, or throws ``DeadlineExceeded`` once `deadline` has passed (the call is then cancelled).
func withDeadline<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: deadline)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}
