import NIOCore
import NIOEmbedded
import Testing

@testable import Server

/// The connection cap: the oldest idle or header-reading connection makes room for a new one.
@Suite struct ConnectionTableTests {
    @Test func underTheCapNothingIsClosed() {
        let table = ConnectionTable(capacity: 2)
        #expect(table.open(EmbeddedChannel()).close == nil)
        #expect(table.open(EmbeddedChannel()).close == nil)
        #expect(table.count == 2)
    }

    @Test func atTheCapTheOldestEvictableConnectionIsClosed() {
        let table = ConnectionTable(capacity: 3)
        let first = EmbeddedChannel(), second = EmbeddedChannel(), third = EmbeddedChannel()
        let firstID = table.open(first).id
        _ = table.open(second)
        _ = table.open(third)
        table.setEvictable(firstID, false)   // first is answering a request
        let admission = table.open(EmbeddedChannel())
        #expect(admission.close === second)
        #expect(table.count == 3)
    }

    @Test func becomingIdleAgainCountsFromThen() {
        let table = ConnectionTable(capacity: 2)
        let first = EmbeddedChannel(), second = EmbeddedChannel()
        let firstID = table.open(first).id
        _ = table.open(second)
        table.setEvictable(firstID, false)
        table.setEvictable(firstID, true)   // first went idle after second began reading its head
        #expect(table.open(EmbeddedChannel()).close === second)
    }

    @Test func whenNothingIsEvictableTheNewConnectionIsClosed() {
        let table = ConnectionTable(capacity: 1)
        let busyID = table.open(EmbeddedChannel()).id
        table.setEvictable(busyID, false)
        let newcomer = EmbeddedChannel()
        #expect(table.open(newcomer).close === newcomer)
        #expect(table.count == 1)
    }

    @Test func closedConnectionsAreForgotten() {
        let table = ConnectionTable(capacity: 1)
        let id = table.open(EmbeddedChannel()).id
        table.closed(id)
        #expect(table.count == 0)
        #expect(table.open(EmbeddedChannel()).close == nil)
    }
}
