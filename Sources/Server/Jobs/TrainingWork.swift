import Engine

/// Everything a queued job needs to run; dropped once the job has finished.
struct TrainingWork: Sendable {
    let data: TrainRequest.Data
    let seed: UInt32
    let options: TrainingOptions
    let name: String?

    /// Draws `w` then `b`, then (for `generate`) `x` then `y`, all from one `RandomState(seed)`: the notebook's order.
    func prepare() -> (set: TrainingSet, initial: LogisticModel) {
        var rng = RandomState(seed: seed)
        switch data {
        case .given(let set):
            let initial = LogisticModel.random(features: set.features, using: &rng)
            return (set, initial)
        case .generate(let samples, let features):
            let initial = LogisticModel.random(features: features, using: &rng)
            let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
            return (set, initial)
        }
    }

    var samples: Int {
        switch data {
        case .given(let set): return set.samples
        case .generate(let samples, _): return samples
        }
    }

    var features: Int {
        switch data {
        case .given(let set): return set.features
        case .generate(_, let features): return features
        }
    }
}
