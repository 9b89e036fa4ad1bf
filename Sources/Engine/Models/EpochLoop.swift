/// The mutable state of a ``ModelRun`` and its epochs: parameters, optimizer moments, random stream, early stopping
/// and history. One fused ``BatchPass`` per batch; nothing is allocated per row or per batch.
struct EpochLoop {
    let run: ModelRun
    let pass: BatchPass
    let step: OptimizerStep
    let threads: EpochThreads?
    let batchSize: Int
    /// `W` row-major, then `b`.
    var parameters: [Double]
    var optimizer: OptimizerState
    var random: RandomState
    var stopping: EarlyStoppingState?
    var history: [ModelSnapshot] = []
    var firstEpoch: Int
    var lastLoss: Double
    var epochsRun: Int
    var initialObjective: Double?
    var stoppedEarly = false
    /// The row order of the current epoch (mini-batch optimizers only); reset and shuffled in place.
    var order: [Int]

    init(run: ModelRun, initial: LinearClassifier, resuming checkpoint: ModelCheckpoint?, threads: EpochThreads?) {
        let rows = run.trainX.shape[0]
        let plan = run.plan
        self.run = run
        self.pass = BatchPass(kind: run.kind, features: run.features, outputs: run.outputs, maxRows: max(rows, run.validationY?.count ?? 0))
        self.step = OptimizerStep(plan.optimizer, learningRate: plan.learningRate, l2: plan.l2, weightCount: run.features * run.outputs)
        self.threads = threads
        self.batchSize = plan.optimizer.effectiveBatchSize(rows: rows)
        let start = checkpoint?.classifier ?? initial
        self.parameters = start.weights + start.bias
        self.optimizer = checkpoint?.optimizer ?? .initial(for: plan.optimizer, parameterCount: pass.parameterCount)
        self.random = checkpoint?.random.flatMap { RandomState(state: $0) } ?? run.random
        self.stopping = checkpoint?.earlyStopping ?? plan.earlyStopping.map { _ in EarlyStoppingState() }
        self.firstEpoch = (checkpoint?.epoch ?? 0) + 1
        self.lastLoss = checkpoint?.loss ?? .nan
        self.epochsRun = checkpoint?.epoch ?? 0
        self.order = plan.optimizer.name.usesBatches ? Array(0..<rows) : []
    }

    /// `λ/2·‖W‖²`, or exactly 0 without a penalty.
    func penalty(_ parameters: [Double]) -> Double {
        guard run.plan.l2 != 0 else { return 0 }
        var total = 0.0
        for index in 0..<(run.features * run.outputs) { total += parameters[index] * parameters[index] }
        return run.plan.l2 / 2 * total
    }

    /// The summed loss of one pass (and its gradient into `pass.gradient` with `withGradient`).
    func pass(
        x: UnsafePointer<Double>, y: UnsafePointer<Double>, order: UnsafePointer<Int>?, count: Int, withGradient: Bool, threads: Int
    ) -> Double {
        parameters.withUnsafeBufferPointer { theta in
            guard let theta = theta.baseAddress else { return .nan }
            return pass.run(x: x, y: y, order: order, count: count, parameters: theta, withGradient: withGradient, threads: threads)
        }
    }

    /// The epochs from `firstEpoch` on; nil when they all ran (or early stopping ended them), else why the run ended.
    mutating func run(
        x: UnsafePointer<Double>, y: UnsafePointer<Double>, validation: (UnsafePointer<Double>, UnsafePointer<Double>, Int)?,
        onEpoch: (ModelEpochReport) -> TrainingControl
    ) -> TrainingError? {
        let plan = run.plan
        let rows = run.trainX.shape[0]
        let n = Double(rows)
        let fullBatch = !plan.optimizer.name.usesBatches
        // Full-batch descent without validation measures each epoch's loss on the parameters before its step: those
        // are the parameters early stopping keeps.
        let monitorBeforeStep = fullBatch && validation == nil
        guard firstEpoch <= plan.epochs else { return nil }
        // A checkpoint taken at the epoch where patience ran out resumes into a run that has already stopped.
        if let settings = plan.earlyStopping, let tracker = stopping, tracker.bestLoss != nil, tracker.waited >= settings.patience {
            stoppedEarly = true
            return nil
        }
        for epoch in firstEpoch...plan.epochs {
            let threadCount = threads?.next() ?? max(1, plan.parallelism)
            let snapshotDue = plan.snapshotEvery > 0 && epoch % plan.snapshotEvery == 0
            var exhausted = false
            let loss: Double
            var measured: [Double]?
            if fullBatch {
                loss = pass(x: x, y: y, order: nil, count: rows, withGradient: true, threads: threadCount) / n + penalty(parameters)
                guard loss.isFinite else { return .nonFinite(epoch: epoch) }
                if epoch == 1 { initialObjective = loss }
                if monitorBeforeStep, let settings = plan.earlyStopping, var tracker = stopping {
                    exhausted = tracker.observe(loss, epoch: epoch, parameters: run.classifier(parameters), settings: settings)
                    stopping = tracker
                }
                if snapshotDue { measured = parameters }
                step.apply(to: &parameters, state: &optimizer, gradientSum: pass.gradient, rows: rows)
            } else {
                for index in 0..<rows { order[index] = index }
                random.shuffle(&order)
                var sum = 0.0
                var start = 0
                while start < rows {
                    let count = min(batchSize, rows - start)
                    sum += order.withUnsafeBufferPointer { order in
                        pass(x: x, y: y, order: order.baseAddress.map { $0 + start }, count: count, withGradient: true, threads: threadCount)
                    }
                    step.apply(to: &parameters, state: &optimizer, gradientSum: pass.gradient, rows: count)
                    start += count
                }
                loss = sum / n + penalty(parameters)
            }
            guard loss.isFinite, parameters.allSatisfy(\.isFinite) else { return .nonFinite(epoch: epoch) }
            let valLoss = validation.map { pass(x: $0.0, y: $0.1, order: nil, count: $0.2, withGradient: false, threads: threadCount) / Double($0.2) }
            if !monitorBeforeStep, let settings = plan.earlyStopping, var tracker = stopping {
                exhausted = tracker.observe(valLoss ?? loss, epoch: epoch, parameters: run.classifier(parameters), settings: settings)
                stopping = tracker
            }
            var snapshot: ModelSnapshot?
            if snapshotDue {
                let taken = run.classifier(measured ?? parameters)
                let entry = ModelSnapshot(epoch: epoch, loss: loss, valLoss: valLoss, weights: taken.weights, bias: taken.bias)
                history.append(entry)
                snapshot = entry
            }
            lastLoss = loss
            epochsRun = epoch
            let checkpoint = ModelCheckpoint(
                epoch: epoch, loss: loss, valLoss: valLoss, classifier: run.classifier(parameters), optimizer: optimizer,
                random: random.state, earlyStopping: stopping)
            if onEpoch(ModelEpochReport(epoch: epoch, loss: loss, valLoss: valLoss, snapshot: snapshot, checkpoint: checkpoint)) == .stop {
                return .cancelled(afterEpochs: epoch)
            }
            if exhausted {
                stoppedEarly = epoch < plan.epochs
                break
            }
        }
        return nil
    }

    /// The result after the loop: the best parameters when the run stops early, the divergence check, the metrics.
    mutating func finish(initial: LinearClassifier) throws(TrainingError) -> ModelTrainingResult {
        if let best = stopping?.best { parameters = best.weights + best.bias }
        let classifier = run.classifier(parameters)
        let rows = run.trainX.shape[0]
        let finalObjective: Double = run.trainX.data.withUnsafeBufferPointer { x in
            run.trainY.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return .nan }
                let final = pass(x: x, y: y, order: nil, count: rows, withGradient: false, threads: threads?.next() ?? max(1, run.plan.parallelism))
                if initialObjective == nil {
                    let current = parameters
                    parameters = initial.weights + initial.bias
                    initialObjective = pass(x: x, y: y, order: nil, count: rows, withGradient: false, threads: 1) / Double(rows) + penalty(parameters)
                    parameters = current
                }
                return final / Double(rows) + penalty(parameters)
            }
        }
        let startObjective = initialObjective ?? .nan
        guard finalObjective.isFinite else { throw .nonFinite(epoch: epochsRun) }
        guard finalObjective <= startObjective else { throw .diverged(initialLoss: startObjective, finalLoss: finalObjective) }
        let validationMetrics: ClassificationMetrics? = run.validationX.flatMap { x in
            run.validationY.map { run.metrics(classifier, x: x, y: $0) }
        }
        return ModelTrainingResult(
            model: FittedModel(classifier: classifier, standardization: run.scaling), history: history, lastEpochLoss: lastLoss,
            epochsRun: epochsRun, bestEpoch: stopping?.bestEpoch, stoppedEarly: stoppedEarly,
            metrics: run.metrics(classifier, x: run.trainX, y: run.trainY), validationMetrics: validationMetrics, legacy: nil)
    }
}
