/// One run of the new trainer: the training and validation rows split and scaled once, then the epoch loop.
struct ModelRun {
    let plan: TrainingPlan
    let kind: ModelKind
    let features: Int
    let outputs: Int
    let classes: Int
    /// The training rows, split off and scaled, (n,d).
    let trainX: NDArray
    let trainY: [Double]
    /// The validation rows, scaled with the training rows' statistics.
    let validationX: NDArray?
    let validationY: [Double]?
    let scaling: Standardization?
    /// The stream after the split: each epoch's permutation comes from here.
    let random: RandomState

    init(input: TrainingInput, random: RandomState) {
        let plan = input.plan
        var rng = random
        var trainingRows: [Int]?
        var validationRows: [Int]?
        if case .fraction(let fraction, let stratified) = plan.validation {
            let split = ValidationSplit.draw(
                labels: input.y, model: plan.model, classes: input.classes, fraction: fraction, stratified: stratified, using: &rng)
            trainingRows = split.training
            validationRows = split.validation
        }
        let scaling = plan.standardize ? Standardization.fit(input.x, rows: trainingRows) : nil
        self.plan = plan
        self.kind = plan.model
        self.features = input.features
        self.outputs = plan.model == .logistic ? 1 : input.classes
        self.classes = input.classes
        self.scaling = scaling
        self.trainX = Self.prepare(input.x, rows: trainingRows, scaling: scaling)
        self.trainY = trainingRows.map { $0.map { input.y[$0] } } ?? input.y
        if let validationRows {
            self.validationX = Self.prepare(input.x, rows: validationRows, scaling: scaling)
            self.validationY = validationRows.map { input.y[$0] }
        } else if let given = input.validation {
            self.validationX = Self.prepare(given.x, rows: nil, scaling: scaling)
            self.validationY = given.y
        } else {
            self.validationX = nil
            self.validationY = nil
        }
        self.random = rng
    }

    /// The selected rows of `x`, scaled when there is scaling; `x` itself when there is nothing to do.
    private static func prepare(_ x: NDArray, rows: [Int]?, scaling: Standardization?) -> NDArray {
        if let scaling { return scaling.apply(x, rows: rows) }
        guard let rows else { return x }
        let d = x.shape[1]
        var data = [Double]()
        data.reserveCapacity(rows.count * d)
        for row in rows { data.append(contentsOf: x.data[(row * d)..<((row + 1) * d)]) }
        return NDArray(shape: [rows.count, d], data: data)
    }

    func train(
        initial: LinearClassifier, resuming checkpoint: ModelCheckpoint?, threads: EpochThreads?, onEpoch: (ModelEpochReport) -> TrainingControl
    ) throws(TrainingError) -> ModelTrainingResult {
        var loop = EpochLoop(run: self, initial: initial, resuming: checkpoint, threads: threads)
        let failure: TrainingError? = trainX.data.withUnsafeBufferPointer { x in
            trainY.withUnsafeBufferPointer { y in
                (validationX?.data ?? []).withUnsafeBufferPointer { validationX in
                    (validationY ?? []).withUnsafeBufferPointer { validationY in
                        guard let x = x.baseAddress, let y = y.baseAddress else { return nil }
                        // An empty buffer may still have an address: only real validation rows make a validation pass.
                        let validation = validationY.isEmpty
                            ? nil : validationX.baseAddress.flatMap { vx in validationY.baseAddress.map { (vx, $0, validationY.count) } }
                        return loop.run(x: x, y: y, validation: validation, onEpoch: onEpoch)
                    }
                }
            }
        }
        if let failure { throw failure }
        return try loop.finish(initial: initial)
    }

    /// The fitted model for flat parameters (`W` row-major, then `b`).
    func classifier(_ parameters: [Double]) -> LinearClassifier {
        let weightCount = features * outputs
        return LinearClassifier(
            kind: kind, features: features, weights: Array(parameters[0..<weightCount]), bias: Array(parameters[weightCount...]))
    }

    /// The metrics of `classifier` on already scaled rows.
    func metrics(_ classifier: LinearClassifier, x: NDArray, y: [Double]) -> ClassificationMetrics {
        let probabilities = FittedModel(classifier: classifier, standardization: nil).probabilities(x)
        switch kind {
        case .logistic: return .binary(probabilities: probabilities, targets: y)
        case .softmax: return .multiclass(probabilities: probabilities, labels: y.map { Int($0) }, classes: classes)
        }
    }
}
