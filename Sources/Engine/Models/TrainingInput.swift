/// Training data and the ``TrainingPlan`` to train it with, checked together: `x` (n,d), n targets, the class count,
/// and the validation set the plan gives. Building one is the whole of a plan's validation, so a server can answer 422
/// (with ``TrainingPlanError/pointer``) before a job is queued; ``ModelTrainer`` trains one.
public struct TrainingInput: Sendable {
    /// The plan the data was checked against.
    public let plan: TrainingPlan
    /// The (n,d) features, before any standardisation.
    public let x: NDArray
    /// The n targets: probabilities in [0, 1] (logistic) or class ids (softmax).
    public let y: [Double]
    /// k for softmax, 2 for logistic (its two classes, for metrics).
    public let classes: Int
    /// The explicit validation set, if the plan gave one.
    public let validation: (x: NDArray, y: [Double])?
    /// The notebook's training set, for a logistic plan (the targets obey the same rule).
    let logisticSet: TrainingSet?

    /// n.
    public var samples: Int { x.shape[0] }
    /// d.
    public var features: Int { x.shape[1] }

    /// Checks `x`, `y` and every member of `plan` (the first broken rule is the error, in the order of this list):
    /// shapes, `classes`, targets, `l2`, the optimizer's settings, the validation set or fraction, the batch size
    /// against the training rows left after the split, and early stopping.
    public init(x: NDArray, y: NDArray, plan: TrainingPlan) throws(TrainingPlanError) {
        try Self.checkShapes(x: x, y: y, xPointer: "/x", yPointer: "/y")
        let classes: Int
        switch plan.model {
        case .logistic:
            if let given = plan.classes { throw .classes(value: given, model: .logistic) }
            classes = 2
        case .softmax:
            if let given = plan.classes {
                guard given >= 2 else { throw .classes(value: given, model: .softmax) }
                classes = given
            } else {
                let largest = y.data.max() ?? 0
                // An impossible id is reported by the target check below, against k = 2.
                classes = largest.isFinite && largest >= 1 && largest < 1e9 ? Int(largest) + 1 : 2
            }
        }
        try Self.checkTargets(y.data, model: plan.model, classes: classes, pointer: "/y")
        guard plan.l2 >= 0, plan.l2.isFinite else { throw .outOfRange(pointer: "/l2", value: plan.l2, rule: "l2 must be a finite λ ≥ 0") }
        try Self.checkOptimizer(plan.optimizer)
        var validation: (x: NDArray, y: [Double])?
        var trainingRows = x.shape[0]
        switch plan.validation {
        case nil:
            break
        case .fraction(let fraction, let stratified):
            guard fraction > 0, fraction < 1 else {
                throw .outOfRange(pointer: "/validation/fraction", value: fraction, rule: "the fraction must be in (0, 1)")
            }
            let held = ValidationSplit.heldOutCount(
                labels: y.data, model: plan.model, classes: classes, fraction: fraction, stratified: stratified)
            guard held > 0, held < trainingRows else { throw .emptySplit(fraction: fraction, rows: trainingRows) }
            trainingRows -= held
        case .set(let validationX, let validationY):
            try Self.checkShapes(x: validationX, y: validationY, xPointer: "/validation/x", yPointer: "/validation/y")
            guard validationX.shape[1] == x.shape[1] else {
                throw .validationFeatures(expected: x.shape[1], got: validationX.shape[1])
            }
            try Self.checkTargets(validationY.data, model: plan.model, classes: classes, pointer: "/validation/y")
            validation = (validationX, validationY.data)
        }
        if plan.optimizer.name.usesBatches, let batchSize = plan.optimizer.batchSize, batchSize > trainingRows {
            throw .batchSizeTooLarge(batchSize: batchSize, trainingRows: trainingRows)
        }
        if let stopping = plan.earlyStopping {
            guard stopping.patience >= 1 else {
                throw .outOfRange(pointer: "/early_stopping/patience", value: Double(stopping.patience), rule: "patience must be at least 1")
            }
            guard stopping.minDelta >= 0, stopping.minDelta.isFinite else {
                throw .outOfRange(pointer: "/early_stopping/min_delta", value: stopping.minDelta, rule: "min_delta must be a finite value ≥ 0")
            }
        }
        self.plan = plan
        self.x = x
        self.y = y.data
        self.classes = classes
        self.validation = validation
        self.logisticSet = plan.model == .logistic ? try? TrainingSet(x: x, y: y) : nil
    }

    private static func checkShapes(x: NDArray, y: NDArray, xPointer: String, yPointer: String) throws(TrainingPlanError) {
        guard x.ndim == 2, x.shape[0] > 0, x.shape[1] > 0 else { throw .xShape(pointer: xPointer, shape: x.shape) }
        guard y.shape == [x.shape[0]] || y.shape == [x.shape[0], 1] else {
            throw .yShape(pointer: yPointer, expectedRows: x.shape[0], shape: y.shape)
        }
    }

    private static func checkTargets(_ y: [Double], model: ModelKind, classes: Int, pointer: String) throws(TrainingPlanError) {
        for (index, value) in y.enumerated() {
            switch model {
            case .logistic:
                guard value >= 0, value <= 1 else { throw .probabilityTarget(pointer: "\(pointer)/\(index)", value: value) }
            case .softmax:
                guard value >= 0, value < Double(classes), value.rounded(.towardZero) == value else {
                    throw .classID(pointer: "\(pointer)/\(index)", value: value, classes: classes)
                }
            }
        }
    }

    private static func checkOptimizer(_ optimizer: OptimizerSettings) throws(TrainingPlanError) {
        let name = optimizer.name
        if let batchSize = optimizer.batchSize {
            guard name.usesBatches else { throw .unusedSetting(pointer: "/optimizer/batch_size", optimizer: name) }
            guard batchSize >= 1 else {
                throw .outOfRange(pointer: "/optimizer/batch_size", value: Double(batchSize), rule: "batch_size must be at least 1")
            }
        }
        for (member, value) in [("beta1", optimizer.beta1), ("beta2", optimizer.beta2)] {
            guard let value else { continue }
            guard name == .adam else { throw .unusedSetting(pointer: "/optimizer/\(member)", optimizer: name) }
            guard value >= 0, value < 1 else { throw .outOfRange(pointer: "/optimizer/\(member)", value: value, rule: "\(member) must be in [0, 1)") }
        }
        if let eps = optimizer.eps {
            guard name == .adam else { throw .unusedSetting(pointer: "/optimizer/eps", optimizer: name) }
            guard eps > 0, eps.isFinite else { throw .outOfRange(pointer: "/optimizer/eps", value: eps, rule: "eps must be a finite value > 0") }
        }
        if let momentum = optimizer.momentum {
            guard name == .momentum else { throw .unusedSetting(pointer: "/optimizer/momentum", optimizer: name) }
            guard momentum >= 0, momentum < 1 else {
                throw .outOfRange(pointer: "/optimizer/momentum", value: momentum, rule: "momentum must be in [0, 1)")
            }
        }
    }
}
