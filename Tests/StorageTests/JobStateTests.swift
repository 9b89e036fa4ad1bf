import Foundation
import Storage
import Testing

/// Every transition of the job state machine, and every illegal one, without threads.
@Suite struct JobStateTests {
    static let t0 = Date(timeIntervalSince1970: 1_000)
    static let t1 = Date(timeIntervalSince1970: 2_000)

    /// One event of each kind.
    static let events: [JobState.Event] = [
        .start(at: t1), .progress(epoch: 7, loss: 0.5), .requestCancel(at: t1), .stopped(at: t1),
        .succeed(modelID: "mdl_1", loss: 0.25, at: t1), .fail(reason: "diverged", at: t1),
        .interrupt(checkpointEpoch: 5, loss: 0.75, at: t1),
    ]

    /// A state in `status` reached by legal steps (running with no cancel request).
    static func state(_ status: JobStatus) throws -> JobState {
        var state = JobState()
        switch status {
        case .queued: break
        case .running: try state.apply(.start(at: t0))
        case .succeeded:
            try state.apply(.start(at: t0))
            try state.apply(.succeed(modelID: "mdl_0", loss: 0.1, at: t0))
        case .failed:
            try state.apply(.start(at: t0))
            try state.apply(.fail(reason: "x", at: t0))
        case .cancelled: try state.apply(.requestCancel(at: t0))
        }
        return state
    }

    /// The status after `event`, or nil when it is illegal, for every (status, event).
    static func expected(_ status: JobStatus, _ event: JobState.Event) -> JobStatus? {
        switch (status, event) {
        case (.queued, .start): .running
        case (.queued, .requestCancel): .cancelled
        case (.running, .progress), (.running, .requestCancel): .running
        case (.running, .succeed): .succeeded
        case (.running, .fail): .failed
        case (.running, .interrupt): .queued
        default: nil  // includes (.running, .stopped) without a cancel request, and everything on a finished job
        }
    }

    @Test(arguments: JobStatus.allCases) func everyEventFromEveryStatus(status: JobStatus) throws {
        for event in Self.events {
            var state = try Self.state(status)
            let before = state
            if let next = Self.expected(status, event) {
                try state.apply(event)
                #expect(state.status == next, "\(status) + \(event)")
            } else {
                #expect(throws: JobState.IllegalTransition(status: status, event: event), "\(status) + \(event)") {
                    try state.apply(event)
                }
                #expect(state == before, "an illegal event changed the state")
            }
        }
    }

    @Test func aRunRecordsItsStepsAndItsModel() throws {
        var state = JobState()
        #expect(state.status == .queued && state.startedAt == nil && state.resumes == 0 && state.resumedFrom == nil)
        try state.apply(.start(at: Self.t0))
        try state.apply(.progress(epoch: 3, loss: 0.4))
        #expect(state.epoch == 3 && state.loss == 0.4 && state.startedAt == Self.t0)
        try state.apply(.succeed(modelID: "mdl_9", loss: 0.3, at: Self.t1))
        #expect(state.status == .succeeded && state.modelID == "mdl_9" && state.loss == 0.3 && state.finishedAt == Self.t1)
        #expect(state.status.isFinished)
    }

    @Test func aCancelWhileRunningStopsAtTheNextBoundary() throws {
        var state = try Self.state(.running)
        try state.apply(.requestCancel(at: Self.t1))
        #expect(state.status == .running && state.cancelRequested)
        try state.apply(.stopped(at: Self.t1))
        #expect(state.status == .cancelled && state.finishedAt == Self.t1)
    }

    @Test func anInterruptRequeuesAtTheCheckpointAndTheNextStartCountsAResume() throws {
        var state = try Self.state(.running)
        try state.apply(.progress(epoch: 9, loss: 0.2))
        try state.apply(.interrupt(checkpointEpoch: 5, loss: 0.3, at: Self.t1))
        #expect(state.status == .queued && state.epoch == 5 && state.loss == 0.3)
        try state.apply(.start(at: Self.t1))
        #expect(state.status == .running && state.resumes == 1 && state.resumedFrom == 5 && state.startedAt == Self.t1)
        try state.apply(.interrupt(checkpointEpoch: 0, loss: nil, at: Self.t1))
        try state.apply(.start(at: Self.t1))
        #expect(state.resumes == 2 && state.resumedFrom == 0)
    }

    @Test func aRunThatFinishesAfterACancelRequestEndsCancelledWithoutItsModel() throws {
        var state = try Self.state(.running)
        try state.apply(.requestCancel(at: Self.t0))
        try state.apply(.succeed(modelID: "mdl_late", loss: 0.2, at: Self.t1))
        #expect(state.status == .cancelled && state.modelID == nil && state.loss == 0.2 && state.finishedAt == Self.t1)
    }

    @Test func anInterruptAfterACancelRequestEndsCancelled() throws {
        var state = try Self.state(.running)
        try state.apply(.requestCancel(at: Self.t0))
        try state.apply(.interrupt(checkpointEpoch: 2, loss: 0.1, at: Self.t1))
        #expect(state.status == .cancelled && state.finishedAt == Self.t1)
    }

    @Test func aFailureKeepsItsReason() throws {
        var state = try Self.state(.running)
        try state.apply(.fail(reason: "the loss became non-finite", at: Self.t1))
        #expect(state.status == .failed && state.error == "the loss became non-finite")
    }
}
