import Testing

@testable import Server

@Suite struct BlockingWorkTests {
    @Test func runsOnItsQueueAndReturnsTheValue() async throws {
        #expect(!BlockingWork.isCurrent)
        let (value, onQueue) = try await BlockingWork.run { (6 * 7, BlockingWork.isCurrent) }
        #expect(value == 42)
        #expect(onQueue)
    }

    @Test func rethrowsTheWorksError() async throws {
        await #expect(throws: Problem.self) {
            _ = try await BlockingWork.run { () throws -> Int in throw Problem.badRequest("no") }
        }
    }
}
