import Engine
import Foundation
import Testing

@testable import Server

/// The `snapshot` event's `data:` line: a notebook snapshot's line is unchanged, a softmax one has `b` as an array,
/// and a run with validation adds `val_loss`.
@Suite struct SSEFrameModelTests {
    @Test func aNotebookSnapshotKeepsItsLine() {
        let snapshot = ModelSnapshot(epoch: 10, loss: 0.5, valLoss: nil, weights: [0.25, -1], bias: [0.125])
        #expect(SSEFrame.data(.snapshot(snapshot)) == #"{"epoch": 10, "loss": 0.5, "w": [0.25, -1.0], "b": 0.125}"#)
    }

    @Test func aSoftmaxSnapshotWithValidationHasBiasesAndValLoss() throws {
        let snapshot = ModelSnapshot(epoch: 3, loss: 0.75, valLoss: 0.5, weights: [1, 2, 3, 4, 5, 6], bias: [0.5, -0.5, 0])
        let line = SSEFrame.data(.snapshot(snapshot))
        #expect(line == #"{"epoch": 3, "loss": 0.75, "val_loss": 0.5, "w": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "b": [0.5, -0.5, 0.0]}"#)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect((json["b"] as? [Double])?.count == 3)
    }
}
