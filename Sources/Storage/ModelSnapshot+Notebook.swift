import Engine

/// A job's history is kept as ``ModelSnapshot``s (`job_snapshot`: `bias` holds o values, `val_loss` is NULL without
/// validation); the notebook's ``Snapshot`` is the case of one bias and no validation loss.
extension ModelSnapshot {
    /// The notebook's snapshot, as a model snapshot of one bias and no validation loss.
    public init(notebook snapshot: Snapshot) {
        self.init(epoch: snapshot.epoch, loss: snapshot.loss, valLoss: nil, weights: snapshot.weights, bias: [snapshot.bias])
    }

    /// The notebook's form, when the snapshot has one bias and no validation loss.
    public var notebookSnapshot: Snapshot? {
        guard bias.count == 1, valLoss == nil, let only = bias.first else { return nil }
        return Snapshot(epoch: epoch, loss: loss, weights: weights, bias: only)
    }
}

extension Array where Element == ModelSnapshot {
    /// The notebook's form of every snapshot (one bias, no validation loss), or nil when one of them has none.
    public var notebookSnapshots: [Snapshot]? {
        var snapshots: [Snapshot] = []
        snapshots.reserveCapacity(count)
        for snapshot in self {
            guard let notebook = snapshot.notebookSnapshot else { return nil }
            snapshots.append(notebook)
        }
        return snapshots
    }
}
