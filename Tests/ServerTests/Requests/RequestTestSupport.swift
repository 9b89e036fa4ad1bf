import Testing
import Wire

@testable import Server

/// Helpers shared by the request tests: a request type's wire fault, seen as the problem the server answers with.
enum RequestTest {
    /// The problem for the fault `body` throws, or nil.
    static func problem(_ body: () throws(WireError) -> Void) -> Problem? {
        do {
            try body()
            return nil
        } catch {
            return Problem(error)
        }
    }

    static let limits = Limits()
}
