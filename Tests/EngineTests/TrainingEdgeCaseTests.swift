import Engine
import Testing

/// Training outside the notebook's comfortable range: huge z, cancellation, no snapshots, overflow, parallelism.
@Suite struct TrainingEdgeCaseTests {
    static let model = LogisticModel(weights: [1, 0], bias: 0)

    /// Rows with z = x·w + b = ±1000 (and the worst targets for them), where a naive BCE is inf or NaN.
    @Test(arguments: [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    func hugeLogitsStayFinite(targets: [Double]) throws {
        let set = try TrainingSet(x: NDArray(shape: [2, 2], data: [1000, 3, -1000, -2]), y: NDArray(shape: [2], data: targets))
        #expect(Self.model.probabilities(set.x) == [1, 0])
        var losses: [Double] = []
        let result = try GradientDescent.train(set, initial: Self.model, options: TrainingOptions(epochs: 20, snapshotEvery: 5)) { report in
            losses.append(report.loss)
            return .proceed
        }
        #expect(losses.count == 20)
        #expect(losses.allSatisfy { $0.isFinite }, "\(losses)")
        #expect(result.model.weights.allSatisfy { $0.isFinite } && result.model.bias.isFinite)
        #expect(result.history.count == 4)
        #expect(result.history.allSatisfy { $0.loss.isFinite && $0.weights.allSatisfy { $0.isFinite } && $0.bias.isFinite })
        #expect(result.evaluation.loss.isFinite && result.lastEpochLoss.isFinite)
        if targets == [0, 1] {
            #expect(losses[0] > 900, "both rows are confidently wrong: mean BCE ≈ 1000, got \(losses[0])")
        }
    }

    @Test func stopAfterFiveEpochsCancels() throws {
        let set = try TrainingSet(x: NDArray(shape: [3, 2], data: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), y: NDArray(shape: [3], data: [0, 1, 0]))
        var epochs: [Int] = []
        do throws(TrainingError) {
            _ = try GradientDescent.train(set, initial: Self.model, options: TrainingOptions()) { report in
                epochs.append(report.epoch)
                return report.epoch == 5 ? .stop : .proceed
            }
            Issue.record("training should have been cancelled")
        } catch {
            #expect(error == .cancelled(afterEpochs: 5))
        }
        #expect(epochs == [1, 2, 3, 4, 5])
    }

    @Test func snapshotEveryZeroKeepsNoHistory() throws {
        let set = try TrainingSet(x: NDArray(shape: [2, 2], data: [0.1, 0.2, 0.3, 0.4]), y: NDArray(shape: [2, 1], data: [0, 1]))
        var snapshots = 0
        let result = try GradientDescent.train(set, initial: Self.model, options: TrainingOptions(epochs: 30, snapshotEvery: 0)) { report in
            if report.snapshot != nil { snapshots += 1 }
            return .proceed
        }
        #expect(result.history.isEmpty)
        #expect(snapshots == 0)
    }

    @Test func overflowingRunReportsNonFinite() throws {
        let set = try TrainingSet(x: NDArray(shape: [2, 2], data: [1e300, 1e300, -1e300, 1e300]), y: NDArray(shape: [2], data: [0, 1]))
        do throws(TrainingError) {
            _ = try GradientDescent.train(set, initial: Self.model, options: TrainingOptions(epochs: 50, learningRate: 1e308))
            Issue.record("training should have failed as non-finite")
        } catch {
            guard case .nonFinite(let epoch) = error else {
                Issue.record("expected .nonFinite, got \(error)")
                return
            }
            #expect((1...2).contains(epoch), "the first update overflows; got epoch \(epoch)")
            #expect(!error.description.isEmpty)
        }
    }

    /// The notebook's data with a learning rate of 1e300: every parameter stays finite (near 1e299) but the loss
    /// ends far above where it started, so the run is a failure, not a model.
    @Test func divergingRunFailsWithTheLossItReached() throws {
        var rng = try RandomState(seed: 42)
        let set = TrainingSet.generate(samples: 64, features: 2, using: &rng)
        let initial = LogisticModel(weights: [0, 0], bias: 0)
        do throws(TrainingError) {
            _ = try GradientDescent.train(set, initial: initial, options: TrainingOptions(learningRate: 1e300))
            Issue.record("training should have diverged")
        } catch {
            guard case .diverged(let start, let end) = error else {
                Issue.record("expected .diverged, got \(error)")
                return
            }
            #expect(start == 0.6931471805599453, "the loss of the zero model is ln 2")
            #expect(end > 1e290 && end.isFinite)
            #expect(error.description == "training diverged: the loss rose from \(start) to \(end); try a smaller learning_rate")
        }
    }

    /// A resumed run has not seen epoch 1, so it measures the initial model's loss itself: the same verdict.
    @Test func divergenceIsJudgedFromTheInitialModelWhenResuming() throws {
        var rng = try RandomState(seed: 42)
        let set = TrainingSet.generate(samples: 64, features: 2, using: &rng)
        let initial = LogisticModel(weights: [0, 0], bias: 0)
        let options = TrainingOptions(epochs: 10, learningRate: 1e300)
        var checkpoint: TrainingCheckpoint?
        _ = try? GradientDescent.train(set, initial: initial, options: options) { report in
            if report.epoch == 4 { checkpoint = report.checkpoint }
            return .proceed
        }
        let uninterrupted = Result { () throws(TrainingError) in try GradientDescent.train(set, initial: initial, options: options) }
        let resumed = Result { () throws(TrainingError) in
            try GradientDescent.train(set, initial: initial, options: options, resuming: checkpoint)
        }
        guard case .failure(let first) = uninterrupted, case .failure(let second) = resumed else {
            Issue.record("both runs should have diverged")
            return
        }
        #expect(first == second)
        // A learning rate that converges is not judged diverged, resumed or not.
        let calm = TrainingOptions(epochs: 10, learningRate: 0.01)
        var calmCheckpoint: TrainingCheckpoint?
        let whole = try GradientDescent.train(set, initial: initial, options: calm) { report in
            if report.epoch == 4 { calmCheckpoint = report.checkpoint }
            return .proceed
        }
        let rest = try GradientDescent.train(set, initial: initial, options: calm, resuming: calmCheckpoint)
        #expect(rest.model == whole.model && rest.evaluation == whole.evaluation)
    }

    /// Workers take chunks as they become free, so which thread sums which chunk differs from run to run; the
    /// result may not (3 features: 5 chunks; 33: 26 chunks, and tails in every SIMD loop).
    @Test(arguments: [(100_000, 3), (50_000, 33)])
    func parallelismDoesNotChangeResults(samples: Int, features: Int) throws {
        var rng = try RandomState(seed: 7)
        let initial = LogisticModel.random(features: features, using: &rng)
        let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
        var results: [TrainingResult] = []
        for parallelism in [1, 2, 4, 2, 4, 3] {
            let options = TrainingOptions(epochs: 4, learningRate: 0.5, snapshotEvery: 1, parallelism: parallelism)
            results.append(try GradientDescent.train(set, initial: initial, options: options))
        }
        let first = results[0]
        for other in results.dropFirst() {
            #expect(other.model.weights.map(\.bitPattern) == first.model.weights.map(\.bitPattern))
            #expect(other.model.bias.bitPattern == first.model.bias.bitPattern)
            #expect(other.history == first.history)
            #expect(other.lastEpochLoss.bitPattern == first.lastEpochLoss.bitPattern)
            #expect(other.evaluation == first.evaluation)
        }
        #expect(first.history.count == 4)
        #expect(first.model != initial)
    }
}
