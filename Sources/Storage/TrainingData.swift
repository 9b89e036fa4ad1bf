import Engine

/// Where a job's training set comes from; kept by the store until the job has finished, so it can run again.
public enum TrainingData: Sendable {
    /// Given in the request for the notebook's logistic model: `x` (n, d) and `y` (n) with targets in [0, 1].
    case given(TrainingSet)
    /// `x = rand(samples, features)`, `y = rand(samples, 1)` from the job's random stream: the seed reproduces it.
    case generate(samples: Int, features: Int)
    /// Given in the request for any model (softmax class ids, CSV), with an optional explicit validation set.
    case table(TrainingTable)

    public var samples: Int {
        switch self {
        case .given(let set): set.samples
        case .generate(let samples, _): samples
        case .table(let table): table.samples
        }
    }

    public var features: Int {
        switch self {
        case .given(let set): set.features
        case .generate(_, let features): features
        case .table(let table): table.features
        }
    }

    /// Whether the data brings its own validation set (which takes a run off the notebook's path).
    public var hasValidationSet: Bool {
        if case .table(let table) = self { return table.validation != nil }
        return false
    }

    /// The notebook's run: draws `w` then `b`, then (for `generate`) `x` then `y`, all from one `RandomState(seed)`.
    ///
    /// For the notebook path only (``ModelOptions/isNotebook`` and no validation set); any other run uses
    /// ``prepare(plan:seed:)``.
    ///
    /// - Precondition: `table` data has targets in [0, 1].
    public func prepare(seed: UInt32) -> (set: TrainingSet, initial: LogisticModel) {
        var rng = RandomState(seed: seed)
        let initial = LogisticModel.random(features: features, using: &rng)
        switch self {
        case .given(let set):
            return (set, initial)
        case .generate(let samples, let features):
            return (TrainingSet.generate(samples: samples, features: features, using: &rng), initial)
        case .table(let table):
            guard let set = try? TrainingSet(x: table.x, y: NDArray(shape: [table.samples], data: table.y)) else {
                preconditionFailure("prepare(seed:) is the notebook's path; use prepare(plan:seed:) for this job's data")
            }
            return (set, initial)
        }
    }

    /// Any run, notebook or not, ready for ``ModelTrainer/train(_:initial:random:resuming:threads:onEpoch:)``: from one
    /// `RandomState(seed)`, the initial parameters (``LinearClassifier/random(kind:features:classes:using:)``), then for
    /// `generate` the data; the returned stream goes on from there. For `given` and `table` data this is exactly what
    /// ``ModelTrainer/train(_:seed:resuming:threads:onEpoch:)`` does, and for a notebook plan exactly ``prepare(seed:)``.
    ///
    /// The data's explicit validation set replaces `plan.validation` (a request gives a fraction or a set, never both).
    ///
    /// - Throws: what ``TrainingInput/init(x:y:plan:)`` throws (a 422 with its pointer at request time).
    public func prepare(plan: TrainingPlan, seed: UInt32) throws(TrainingPlanError) -> PreparedRun {
        var rng = RandomState(seed: seed)
        let input: TrainingInput
        switch self {
        case .given(let set):
            input = try TrainingInput(x: set.x, y: NDArray(shape: [set.samples], data: set.y), plan: plan)
        case .table(let table):
            var plan = plan
            if let validation = table.validation {
                plan.validation = .set(x: validation.x, y: NDArray(shape: [validation.y.count], data: validation.y))
            }
            input = try TrainingInput(x: table.x, y: NDArray(shape: [table.samples], data: table.y), plan: plan)
        case .generate(let samples, let features):
            // The parameters come before the data in the stream, so their class count cannot depend on it.
            let classes = plan.model == .logistic ? 2 : (plan.classes ?? 2)
            let initial = LinearClassifier.random(kind: plan.model, features: features, classes: classes, using: &rng)
            let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
            let input = try TrainingInput(x: set.x, y: NDArray(shape: [samples], data: set.y), plan: plan)
            guard input.classes == classes else { throw .classes(value: input.classes, model: plan.model) }
            return PreparedRun(input: input, initial: initial, random: rng)
        }
        let initial = LinearClassifier.random(kind: plan.model, features: input.features, classes: input.classes, using: &rng)
        return PreparedRun(input: input, initial: initial, random: rng)
    }
}
