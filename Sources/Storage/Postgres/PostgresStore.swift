import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import PostgresNIO
import Synchronization

/// The store of several replicas: PostgreSQL through postgres-nio (`--database-url`).
///
/// Every write is one transaction that also announces itself (`NOTIFY descent_changes`), so the other replicas
/// refresh their in-memory copies; jobs are a queue claimed with `FOR UPDATE SKIP LOCKED` under a lease
/// (``SharedStore``). The store is a swift-service-lifecycle `Service` (``run()``): it listens for announcements,
/// checks that the database answers, and resyncs periodically. Its `PostgresClient` runs from ``open(url:replicaID:timeout:syncInterval:logger:)``
/// on, because the registry is loaded before the services start, until the service stops (or ``close()``).
public final class PostgresStore: Sendable {
    /// The channel every replica listens on.
    static let channel = "descent_changes"

    let client: PostgresClient
    let logger: Logger
    public let replicaID: String
    /// Where it points, without the password.
    public let location: String
    /// The longest a database call may take before it counts as unavailable.
    let timeout: Duration
    /// How often everything is reloaded, in case an announcement was missed.
    let syncInterval: Duration
    private let clientTask: Mutex<Task<Void, Never>?>
    let reachable = Atomic<Bool>(true)
    let subscribers = Mutex<[UInt64: AsyncStream<StoreChange>.Continuation]>([:])
    let lastSubscriber = Atomic<UInt64>(0)

    private init(client: PostgresClient, url: PostgresURL, replicaID: String, timeout: Duration, syncInterval: Duration, logger: Logger) {
        self.client = client
        self.location = url.redacted
        self.replicaID = replicaID
        self.timeout = timeout
        self.syncInterval = syncInterval
        self.logger = logger
        self.clientTask = Mutex(Task { await client.run() })
    }

    /// Connects to `url` and brings the schema up to date under an advisory lock.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` with one sentence: a bad URL, a database not reached within
    ///   `timeout`, or a schema newer than this build.
    public static func open(
        url: String, replicaID: String = PostgresStore.makeReplicaID(), timeout: Duration = .seconds(10),
        syncInterval: Duration = .seconds(30), logger: Logger
    ) async throws(StoreError) -> PostgresStore {
        let parsed = try PostgresURL(url)
        let client = PostgresClient(configuration: parsed.clientConfiguration(), backgroundLogger: logger)
        let store = PostgresStore(
            client: client, url: parsed, replicaID: replicaID, timeout: timeout, syncInterval: syncInterval, logger: logger)
        do {
            _ = try await withDeadline(timeout) { try await PostgresSchema.migrate(client, logger: logger) }
        } catch {
            store.close()
            let inner = (error as? PostgresTransactionError)?.closureError ?? error
            if let newer = inner as? PostgresSchema.NewerSchema { throw .unavailable("\(parsed.redacted): \(newer.description)") }
            if inner is DeadlineExceeded {
                throw .unavailable("cannot reach PostgreSQL at \(parsed.redacted) within \(timeout.components.seconds) s")
            }
            let reason = if case .unavailable(let reason) = PostgresErrors.storeError(error) { reason } else { "\(error)" }
            throw .unavailable("cannot open PostgreSQL at \(parsed.redacted): \(reason)")
        }
        return store
    }

    /// A name for this process in leases: host, pid and a random part. The host name comes from `gethostname`:
    /// `ProcessInfo.hostName` resolves it through DNS, which can block a thread for seconds where DNS is unreachable.
    public static func makeReplicaID() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: .min ... .max))"
    }

    /// Closes the connections (the service does this when it stops).
    public func close() {
        let task = clientTask.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        subscribers.withLock { subscribers in
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
    }

    // MARK: Running statements

    /// Runs `body` on the pool within the deadline; failures become ``StoreError``s.
    /// While the database is known to be down (the reachability check runs every second), calls fail at once
    /// instead of waiting for the deadline.
    func call<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws(StoreError) -> T {
        guard reachable.load(ordering: .relaxed) else { throw .unavailable("the database \(location) does not answer") }
        let client = self.client
        do {
            return try await withDeadline(timeout) { try await body(client) }
        } catch {
            if PostgresErrors.isConnectionProblem(error) { reachable.store(false, ordering: .relaxed) }
            throw PostgresErrors.storeError(error)
        }
    }

    /// Runs `body` in one transaction, which also announces `payload` to every replica on commit.
    func transaction<T: Sendable>(
        announcing payload: String? = "changed", _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = self.logger
        return try await call { client in
            try await client.withTransaction(logger: logger) { connection in
                let result = try await body(connection, logger)
                if let payload { try await Self.announce(payload, on: connection, logger: logger) }
                return result
            }
        }
    }
}

extension PostgresStore {
    /// Sends `payload` to every replica when the transaction commits.
    static func announce(_ payload: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(channel), \(payload))", logger: logger)
    }
}

/// Collects a query's rows as random-access rows.
func rows(_ sequence: PostgresRowSequence) async throws -> [PostgresRandomAccessRow] {
    var result: [PostgresRandomAccessRow] = []
    for try await row in sequence { result.append(row.makeRandomAccess()) }
    return result
}
