import Engine

/// Where a job's training set comes from; kept by the store until the job has finished, so it can run again.
public enum TrainingData: Sendable {
    /// Given in the request: `x` (n, d) and `y` (n).
    case given(TrainingSet)
    /// `x = rand(samples, features)`, `y = rand(samples, 1)` from the job's random stream: the seed reproduces it.
    case generate(samples: Int, features: Int)

    public var samples: Int {
        switch self {
        case .given(let set): set.samples
        case .generate(let samples, _): samples
        }
    }

    public var features: Int {
        switch self {
        case .given(let set): set.features
        case .generate(_, let features): features
        }
    }

    /// Draws `w` then `b`, then (for `generate`) `x` then `y`, all from one `RandomState(seed)`: the notebook's order.
    public func prepare(seed: UInt32) -> (set: TrainingSet, initial: LogisticModel) {
        var rng = RandomState(seed: seed)
        let initial = LogisticModel.random(features: features, using: &rng)
        switch self {
        case .given(let set):
            return (set, initial)
        case .generate(let samples, let features):
            return (TrainingSet.generate(samples: samples, features: features, using: &rng), initial)
        }
    }
}
