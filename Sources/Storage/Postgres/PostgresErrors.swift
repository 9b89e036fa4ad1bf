import PostgresNIO
import Synchronization

/// PostgreSQL's errors as ``StoreError``s: a full disk is `.full`; everything else (the server unreachable, a
/// connection lost, a statement refused) is `.unavailable`, which the server answers with 503 and `Retry-After`.
enum PostgresErrors {
    /// The SQLSTATE of "disk full".
    static let diskFull = "53100"

    /// Whether `error` says the database could not be reached (rather than that it refused something).
    static func isConnectionProblem(_ error: any Error) -> Bool {
        switch error {
        // A slow answer (a loaded machine) is not a lost database: only a failed connection is.
        case is DeadlineExceeded: return false
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

/// Runs `body`, or throws ``DeadlineExceeded`` once `deadline` has passed. The answer does not wait for `body` to
/// notice its cancellation (a connection attempt may not), so the deadline holds on a loaded machine too.
func withDeadline<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.waiter.withLock { $0 = continuation }
            race.work.withLock { task in
                task = Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await body()) } catch { result = .failure(error) }
                    race.finish(with: result)
                    race.timer.withLock { $0 }?.cancel()
                }
            }
            race.timer.withLock { task in
                task = Task {
                    try? await Task.sleep(for: deadline)
                    guard !Task.isCancelled else { return }
                    race.work.withLock { $0 }?.cancel()
                    race.finish(with: .failure(DeadlineExceeded()))
                }
            }
        }
    } onCancel: {
        race.work.withLock { $0 }?.cancel()
    }
}

/// Whichever of the work and the timer ends first answers; the other finds nobody waiting.
private final class DeadlineRace<T: Sendable>: Sendable {
    let waiter = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let work = Mutex<Task<Void, Never>?>(nil)
    let timer = Mutex<Task<Void, Never>?>(nil)

    func finish(with result: Result<T, any Error>) {
        waiter.withLock { $0.take() }?.resume(with: result)
    }
}
