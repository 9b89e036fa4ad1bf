import NIOCore
import Synchronization

/// Every open connection of one server, for the connection cap.
///
/// A connection is *evictable* while it is idle or still reading a request head. When a new connection would go past
/// ``ConnectionSettings/maxConnections``, the evictable connection that became evictable longest ago is closed to make
/// room; if none is evictable, the new connection itself is closed. Shared by every event loop, hence the mutex.
final class ConnectionTable: Sendable {
    private struct Entry {
        let channel: any Channel
        /// When (in ``State/clock`` ticks) it last became evictable; `nil` while a request is read or answered.
        var evictableSince: UInt64?
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        var clock: UInt64 = 0
    }

    /// What ``open(_:)`` decided.
    struct Admission {
        /// The new connection's id, for later calls.
        let id: UInt64
        /// A connection to close to make room: an older one, or the new one itself when nothing can be evicted.
        let close: (any Channel)?
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The number of connections open now.
    var count: Int { state.withLock { $0.entries.count } }

    /// Registers a new connection (evictable: it has yet to send its head) and picks one to close when over the cap.
    func open(_ channel: any Channel) -> Admission {
        state.withLock { state in
            state.nextID += 1
            state.clock += 1
            let id = state.nextID
            var victim: (any Channel)?
            if state.entries.count >= capacity {
                let oldest = state.entries.filter { $0.value.evictableSince != nil }
                    .min { ($0.value.evictableSince ?? .max) < ($1.value.evictableSince ?? .max) }
                if let oldest {
                    state.entries[oldest.key] = nil
                    victim = oldest.value.channel
                } else {
                    return Admission(id: id, close: channel)
                }
            }
            state.entries[id] = Entry(channel: channel, evictableSince: state.clock)
            return Admission(id: id, close: victim)
        }
    }

    /// Marks a connection evictable (idle, or reading a head) or not (a request is being read or answered).
    func setEvictable(_ id: UInt64, _ evictable: Bool) {
        state.withLock { state in
            guard var entry = state.entries[id] else { return }
            if evictable {
                guard entry.evictableSince == nil else { return }
                state.clock += 1
                entry.evictableSince = state.clock
            } else {
                entry.evictableSince = nil
            }
            state.entries[id] = entry
        }
    }

    /// Forgets a closed connection.
    func closed(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }
}
