import Foundation

/// Full-batch gradient descent on the mean binary cross-entropy, exactly the notebook's loop.
///
/// Each epoch is one fused pass over `x`: for every row `z = x·w + b`, `a = σ(z)`, `dz = a − y`, the loss
/// term, and the gradient terms `x·dz` are accumulated together, then `w −= lr·xᵀdz/n` and
/// `b −= lr·Σdz/n`. Rows are split into fixed chunks (their size depends only on d) whose partial sums
/// are added in chunk order, so a run gives the same bits on 1 thread or many. ``TrainingOptions/precision`` chooses
/// the kernel: NumPy's bits (the default) or the opt-in fast one.
public enum GradientDescent {
    /// Trains from `initial` and returns the final model, the snapshots and the final evaluation.
    ///
    /// `onEpoch` is called after every epoch, on the calling thread; returning `.stop` ends the run at
    /// that epoch boundary with ``TrainingError/cancelled(afterEpochs:)``.
    ///
    /// A run whose final model has a higher loss than `initial` has diverged (the learning rate is too large) and
    /// ends with ``TrainingError/diverged(initialLoss:finalLoss:)`` instead of a result.
    ///
    /// With `resuming`, the run goes on after that checkpoint's epoch from its model: full-batch descent keeps no
    /// other state, so the result (and every later snapshot) has exactly the bits of an uninterrupted run. The
    /// returned history then holds only the snapshots taken after the checkpoint.
    ///
    /// `threads`, when given, is asked before every epoch (and the final evaluation) how many threads it may use, on
    /// the calling thread; without it, every epoch may use `options.parallelism`. Either way the result has the same
    /// bits.
    public static func train(
        _ set: TrainingSet,
        initial: LogisticModel,
        options: TrainingOptions,
        resuming checkpoint: TrainingCheckpoint? = nil,
        threads: EpochThreads? = nil,
        onEpoch: (EpochReport) -> TrainingControl = { _ in .proceed }
    ) throws(TrainingError) -> TrainingResult {
        func threadsNow() -> Int { threads?.next() ?? max(1, options.parallelism) }
        var model = checkpoint?.model ?? initial
        precondition(model.features == set.features, "model and training set disagree on features")
        var history: [Snapshot] = []
        var lastLoss = checkpoint?.loss ?? .nan
        // The loss of `initial`: the first epoch's forward pass measures it, unless the run resumes past that epoch.
        var initialLoss: Double?
        let firstEpoch = (checkpoint?.epoch ?? 0) + 1
        let pass = EpochPass(samples: set.samples, features: set.features, precision: options.precision)
        let n = Double(set.samples)
        let result: Result<Void, TrainingError> = set.x.data.withUnsafeBufferPointer { x in
            set.y.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return .success(()) }
                for epoch in stride(from: firstEpoch, through: options.epochs, by: 1) {
                    let sums = pass.run(x: x, y: y, model: model, threads: threadsNow())
                    let loss = sums.loss / n
                    guard loss.isFinite else { return .failure(.nonFinite(epoch: epoch)) }
                    if epoch == 1 { initialLoss = loss }
                    var snapshot: Snapshot?
                    if options.snapshotEvery > 0, epoch % options.snapshotEvery == 0 {
                        let taken = Snapshot(epoch: epoch, loss: loss, weights: model.weights, bias: model.bias)
                        history.append(taken)
                        snapshot = taken
                    }
                    pass.step(&model, sums: sums, learningRate: options.learningRate)
                    guard model.bias.isFinite, model.weights.allSatisfy(\.isFinite) else {
                        return .failure(.nonFinite(epoch: epoch))
                    }
                    lastLoss = loss
                    if onEpoch(EpochReport(epoch: epoch, loss: loss, snapshot: snapshot, model: model)) == .stop {
                        return .failure(.cancelled(afterEpochs: epoch))
                    }
                }
                return .success(())
            }
        }
        try result.get()
        let evaluation = evaluate(model, on: set, parallelism: threadsNow(), precision: options.precision)
        let startLoss = initialLoss ?? meanLoss(initial, on: set, pass: pass, threads: threadsNow())
        guard evaluation.loss <= startLoss else {
            throw .diverged(initialLoss: startLoss, finalLoss: evaluation.loss)
        }
        return TrainingResult(model: model, history: history, lastEpochLoss: lastLoss, evaluation: evaluation)
    }

    /// The mean binary cross-entropy of `model` on `set` (one more forward pass of the epoch loop, so the same
    /// formula and the same bits as the loss an epoch reports), and the share of rows where `p ≥ 0.5` agrees with
    /// `y ≥ 0.5`. With ``Precision/fast`` the loss is the fast kernel's (the accuracy is always exact).
    public static func evaluate(
        _ model: LogisticModel, on set: TrainingSet, parallelism: Int = 1, precision: Precision = .exact
    ) -> Evaluation {
        let pass = EpochPass(samples: set.samples, features: set.features, precision: precision)
        let loss = meanLoss(model, on: set, pass: pass, threads: parallelism)
        let probabilities = model.probabilities(set.x)
        var correct = 0
        for (probability, label) in zip(probabilities, set.y) where (probability >= 0.5) == (label >= 0.5) { correct += 1 }
        return Evaluation(loss: loss, accuracy: Double(correct) / Double(set.samples))
    }

    /// The mean binary cross-entropy of `model` on `set`: the forward pass of an epoch, without its update.
    private static func meanLoss(_ model: LogisticModel, on set: TrainingSet, pass: EpochPass, threads: Int) -> Double {
        let sum: Double = set.x.data.withUnsafeBufferPointer { x in
            set.y.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return .nan }
                return pass.run(x: x, y: y, model: model, threads: threads).loss
            }
        }
        return sum / Double(set.samples)
    }
}
