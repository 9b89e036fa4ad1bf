import Engine
import Foundation
import Testing

/// Training with ``Precision/fast``: every loss within 1e-12 relative of the exact run, on the notebook's run and on a
/// larger one, with the same bits on any number of threads.
@Suite struct FastTrainingTests {
    static let lossTolerance = 1e-12

    static func train(_ set: TrainingSet, _ initial: LogisticModel, _ options: TrainingOptions, precision: Precision) throws -> TrainingResult {
        var options = options
        options.precision = precision
        return try GradientDescent.train(set, initial: initial, options: options)
    }

    static func expectClose(_ fast: TrainingResult, _ exact: TrainingResult, _ label: String) {
        #expect(Compare.close(fast.lastEpochLoss, exact.lastEpochLoss, relative: lossTolerance),
                "\(label) last loss: fast \(fast.lastEpochLoss), exact \(exact.lastEpochLoss)")
        #expect(Compare.close(fast.evaluation.loss, exact.evaluation.loss, relative: lossTolerance),
                "\(label) final loss: fast \(fast.evaluation.loss), exact \(exact.evaluation.loss)")
        #expect(fast.history.map(\.epoch) == exact.history.map(\.epoch))
        for (got, expected) in zip(fast.history, exact.history) {
            #expect(Compare.close(got.loss, expected.loss, relative: lossTolerance), "\(label) epoch \(got.epoch)")
        }
        #expect(Compare.firstDistant(fast.model.weights, exact.model.weights, relative: 1e-11) == nil, "\(label) w")
        #expect(Compare.close(fast.model.bias, exact.model.bias, relative: 1e-11), "\(label) b")
    }

    /// Seed 42, 64×2, 100 epochs, lr 0.01: the notebook's run.
    @Test func notebookRunIsWithin1e12OfExact() throws {
        let run = try Fixtures.notebook().run
        let set = try run.trainingSet()
        let exact = try Self.train(set, run.initialModel, run.options, precision: .exact)
        let fast = try Self.train(set, run.initialModel, run.options, precision: .fast)
        Self.expectClose(fast, exact, "notebook")
        // The exact run keeps its bits: the last loss the README shows for this run.
        #expect(exact.lastEpochLoss.bitPattern == (0.8359764561379722 as Double).bitPattern)
    }

    /// 200,000 × 32 from seed 42 (as the API generates it), 12 epochs at lr 0.5 so that the weights travel.
    @Test func largerRunIsWithin1e12OfExact() throws {
        var rng = try RandomState(seed: 42)
        let initial = LogisticModel.random(features: 32, using: &rng)
        let set = TrainingSet.generate(samples: 200_000, features: 32, using: &rng)
        let options = TrainingOptions(epochs: 12, learningRate: 0.5, snapshotEvery: 3, parallelism: 2)
        let exact = try Self.train(set, initial, options, precision: .exact)
        let fast = try Self.train(set, initial, options, precision: .fast)
        Self.expectClose(fast, exact, "200000×32")
        #expect(fast.evaluation.accuracy == exact.evaluation.accuracy)
    }

    /// Like the exact kernel, the fast one sums fixed chunks in chunk order: 1 to 4 threads, or a count that changes
    /// every epoch, give the same bits (3 features: 5 chunks; 33: 26 chunks, with tails in every vector loop).
    @Test(arguments: [(100_000, 3), (50_000, 33)])
    func threadsDoNotChangeTheBits(samples: Int, features: Int) throws {
        var rng = try RandomState(seed: 7)
        let initial = LogisticModel.random(features: features, using: &rng)
        let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
        for precision in Precision.allCases {
            var results: [TrainingResult] = []
            for threads in [1, 2, 3, 4] {
                let options = TrainingOptions(epochs: 4, learningRate: 0.5, snapshotEvery: 1, parallelism: threads, precision: precision)
                results.append(try GradientDescent.train(set, initial: initial, options: options))
            }
            var epochThreads = [3, 1, 4, 2, 1, 2].makeIterator()
            let options = TrainingOptions(epochs: 4, learningRate: 0.5, snapshotEvery: 1, precision: precision)
            results.append(try GradientDescent.train(set, initial: initial, options: options, threads: EpochThreads { epochThreads.next() ?? 4 }))
            let first = results[0]
            for other in results.dropFirst() {
                #expect(other.model.weights.map(\.bitPattern) == first.model.weights.map(\.bitPattern), "\(precision)")
                #expect(other.model.bias.bitPattern == first.model.bias.bitPattern, "\(precision)")
                #expect(other.history == first.history, "\(precision)")
                #expect(other.lastEpochLoss.bitPattern == first.lastEpochLoss.bitPattern, "\(precision)")
                #expect(other.evaluation == first.evaluation, "\(precision)")
            }
        }
    }

    /// `threads` is asked before every epoch and once for the final evaluation.
    @Test func threadsIsAskedBeforeEveryEpoch() throws {
        let run = try Fixtures.notebook().run
        var asked = 0
        let threads = EpochThreads {
            asked += 1
            return 2
        }
        _ = try GradientDescent.train(try run.trainingSet(), initial: run.initialModel, options: run.options, threads: threads)
        #expect(asked == run.epochs + 1)
    }

    /// A fast run diverges, fails on non-finite values and resumes like an exact one.
    @Test func fastRunsFailAndResumeLikeExactOnes() throws {
        let run = try Fixtures.notebook().run
        let set = try run.trainingSet()
        var options = run.options
        options.precision = .fast
        #expect(throws: TrainingError.self) {
            var wild = options
            wild.learningRate = 1e300
            _ = try GradientDescent.train(set, initial: run.initialModel, options: wild)
        }
        var checkpoint: TrainingCheckpoint?
        let whole = try GradientDescent.train(set, initial: run.initialModel, options: options) { report in
            if report.epoch == 37 { checkpoint = report.checkpoint }
            return .proceed
        }
        let rest = try GradientDescent.train(set, initial: run.initialModel, options: options, resuming: checkpoint)
        #expect(rest.model == whole.model)
        #expect(rest.lastEpochLoss.bitPattern == whole.lastEpochLoss.bitPattern)
    }
}
