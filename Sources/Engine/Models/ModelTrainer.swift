/// Trains any ``TrainingPlan``: plans that use only the notebook's features go through ``GradientDescent`` unchanged
/// (the same bits as before); the others through ``ModelRun``: logistic or softmax, L2, standardisation, `gd`, `sgd`,
/// `momentum` or `adam`, validation and early stopping, with the same bits on any number of threads.
///
/// ```swift
/// let plan = TrainingPlan(model: .softmax, l2: 1e-3, standardize: true,
///                         optimizer: OptimizerSettings(.adam, batchSize: 64), validation: .fraction(0.2),
///                         earlyStopping: EarlyStoppingSettings(patience: 10, minDelta: 1e-6), epochs: 500, learningRate: 0.01)
/// let input = try TrainingInput(x: x, y: y, plan: plan)          // TrainingPlanError → 422 at error.pointer
/// let result = try ModelTrainer.train(input, seed: 7) { report in  // TrainingError as before
///     save(report.checkpoint)                                     // Codable; resume with `resuming:`
///     return .proceed
/// }
/// result.model.probabilities(newX)                                // FittedModel: scaling applied
/// ```
public enum ModelTrainer {
    /// Trains `input` from the stream `RandomState(seed)`: the initial parameters are drawn first
    /// (``LinearClassifier/random(kind:features:classes:using:)``), then the validation split, then each epoch's
    /// mini-batch permutation.
    ///
    /// `onEpoch` is called after every epoch on the calling thread; `.stop` ends the run with
    /// ``TrainingError/cancelled(afterEpochs:)``. With `resuming`, the run goes on after that checkpoint with the bits
    /// of an uninterrupted run. `threads` is asked before every pass how many threads it may use (without it,
    /// ``TrainingPlan/parallelism``).
    public static func train(
        _ input: TrainingInput,
        seed: UInt32,
        resuming checkpoint: ModelCheckpoint? = nil,
        threads: EpochThreads? = nil,
        onEpoch: (ModelEpochReport) -> TrainingControl = { _ in .proceed }
    ) throws(TrainingError) -> ModelTrainingResult {
        var rng = RandomState(seed: seed)
        let initial = LinearClassifier.random(kind: input.plan.model, features: input.features, classes: input.classes, using: &rng)
        return try train(input, initial: initial, random: rng, resuming: checkpoint, threads: threads, onEpoch: onEpoch)
    }

    /// Trains `input` from `initial`, drawing the split and the mini-batches from `random` (for a caller that draws
    /// more from the stream first, as the notebook's generated data does).
    ///
    /// - Precondition: `initial` has the input's kind, features and classes.
    public static func train(
        _ input: TrainingInput,
        initial: LinearClassifier,
        random: RandomState,
        resuming checkpoint: ModelCheckpoint? = nil,
        threads: EpochThreads? = nil,
        onEpoch: (ModelEpochReport) -> TrainingControl = { _ in .proceed }
    ) throws(TrainingError) -> ModelTrainingResult {
        precondition(
            initial.kind == input.plan.model && initial.features == input.features && initial.classes == input.classes,
            "initial parameters do not fit the input")
        let plan = input.plan
        if plan.usesOnlyNotebookFeatures, let set = input.logisticSet, let model = initial.logistic {
            return try trainNotebook(set, initial: model, plan: plan, resuming: checkpoint, threads: threads, onEpoch: onEpoch)
        }
        let run = ModelRun(input: input, random: random)
        return try run.train(initial: initial, resuming: checkpoint, threads: threads, onEpoch: onEpoch)
    }

    /// The notebook's path: ``GradientDescent`` with the plan's options; its reports, history and result are
    /// translated, never recomputed, so every number is the one it has always given.
    private static func trainNotebook(
        _ set: TrainingSet, initial: LogisticModel, plan: TrainingPlan, resuming checkpoint: ModelCheckpoint?, threads: EpochThreads?,
        onEpoch: (ModelEpochReport) -> TrainingControl
    ) throws(TrainingError) -> ModelTrainingResult {
        let result = try GradientDescent.train(
            set, initial: initial, options: plan.legacyOptions, resuming: checkpoint?.legacy, threads: threads
        ) { report in
            let snapshot = report.snapshot.map {
                ModelSnapshot(epoch: $0.epoch, loss: $0.loss, valLoss: nil, weights: $0.weights, bias: [$0.bias])
            }
            return onEpoch(
                ModelEpochReport(
                    epoch: report.epoch, loss: report.loss, valLoss: nil, snapshot: snapshot, checkpoint: ModelCheckpoint(report.checkpoint)))
        }
        let probabilities = result.model.probabilities(set.x)
        let metrics = ClassificationMetrics.binary(probabilities: probabilities, targets: set.y)
            .replacing(loss: result.evaluation.loss, accuracy: result.evaluation.accuracy)
        return ModelTrainingResult(
            model: FittedModel(classifier: LinearClassifier(result.model), standardization: nil),
            history: result.history.map { ModelSnapshot(epoch: $0.epoch, loss: $0.loss, valLoss: nil, weights: $0.weights, bias: [$0.bias]) },
            lastEpochLoss: result.lastEpochLoss, epochsRun: plan.epochs, bestEpoch: nil, stoppedEarly: false, metrics: metrics,
            validationMetrics: nil, legacy: result)
    }
}

extension ClassificationMetrics {
    /// The same metrics with another loss and accuracy (the notebook path reports its own evaluation's).
    func replacing(loss: Double, accuracy: Double) -> ClassificationMetrics {
        ClassificationMetrics(
            loss: loss, accuracy: accuracy, rocAUC: rocAUC, precision: precision, recall: recall, f1: f1, macroF1: macroF1,
            confusionMatrix: confusionMatrix)
    }
}
