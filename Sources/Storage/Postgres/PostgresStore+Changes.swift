import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

extension PostgresStore: Service {
    /// Until graceful shutdown: listens for announcements (`LISTEN descent_changes`, re-established after a lost
    /// connection), checks every second that the database answers, and asks for a resync every `syncInterval`, after
    /// a reconnection, and when listening starts (announcements sent meanwhile are lost). Then closes the client.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listenForChanges() }
            group.addTask { await self.watchReachability() }
            group.addTask { await self.resyncPeriodically() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        close()
    }

    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreChange.self, bufferingPolicy: .unbounded)
        let id = lastSubscriber.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: id) } }
        return stream
    }

    func announce(_ change: StoreChange) {
        subscribers.withLock { subscribers in
            for continuation in subscribers.values { continuation.yield(change) }
        }
    }

    /// Listens until cancelled, again after each lost connection.
    func listenForChanges() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // LISTEN is in place: whatever was announced before it is picked up by a resync.
                        self.announce(.resync)
                        for try await notification in notifications {
                            self.announce(Self.change(notification.payload))
                        }
                    }
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("lost the database's announcements; listening again", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    static func change(_ payload: String) -> StoreChange {
        if payload == "queued" { return .jobQueued }
        if payload.hasPrefix("cancel:") { return .cancel(jobID: String(payload.dropFirst("cancel:".count))) }
        return .resync
    }

    private func watchReachability() async {
        while !Task.isCancelled {
            let was = isReachable
            let now: Bool
            do {
                try await withDeadline(self.timeout) { _ = try await self.client.query("SELECT 1", logger: self.logger) }
                now = true
            } catch {
                now = false
            }
            reachable.store(now, ordering: .relaxed)
            if was != now {
                if now {
                    logger.notice("the database answers again", metadata: ["database": "\(location)"])
                    announce(.resync)
                } else {
                    logger.error("the database does not answer", metadata: ["database": "\(location)"])
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func resyncPeriodically() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: syncInterval)
            if !Task.isCancelled { announce(.resync) }
        }
    }
}
