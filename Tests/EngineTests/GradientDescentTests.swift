import Engine
import Foundation
import Testing

/// The notebook's run (seed 42, 64×2, 100 epochs, lr 0.01) against numpy: every snapshot, the final model and the
/// text `print(self.w, self.b)` shows.
@Suite struct GradientDescentTests {
    static let parameterTolerance = 1e-15
    static let lossTolerance = 1e-14

    struct Outcome {
        let result: TrainingResult
        let reports: [EpochReport]
    }

    static func train(_ run: NotebookRun, set: TrainingSet? = nil) throws -> Outcome {
        var reports: [EpochReport] = []
        let result = try GradientDescent.train(try set ?? run.trainingSet(), initial: run.initialModel, options: run.options) { report in
            reports.append(report)
            return .proceed
        }
        return Outcome(result: result, reports: reports)
    }

    static func checkParameters(_ weights: [Double], _ bias: Double, _ expectedWeights: [FixtureDouble], _ expectedBias: FixtureDouble,
                                _ label: String) {
        #expect(weights.count == expectedWeights.count, "\(label)")
        for (got, expected) in zip(weights, expectedWeights.map(\.value)) {
            #expect(Compare.within(got, expected, parameterTolerance), "\(label) w: got \(got), expected \(expected)")
        }
        #expect(Compare.within(bias, expectedBias.value, parameterTolerance), "\(label) b: got \(bias), expected \(expectedBias.value)")
    }

    @Test func notebookDataComesFromSeed42() throws {
        let run = try Fixtures.notebook().run
        var rng = try RandomState(seed: try #require(run.seed))
        let model = LogisticModel.random(features: run.features, using: &rng)
        #expect(model.weights.map(\.bitPattern) == run.initialWeights.map(\.value.bitPattern))
        #expect(model.bias.bitPattern == run.initialBias.value.bitPattern)
        #expect(model.features == 2)
        let set = TrainingSet.generate(samples: run.samples, features: run.features, using: &rng)
        #expect(set.samples == 64 && set.features == 2)
        #expect(set.x.shape == [64, 2])
        #expect(Compare.firstMismatch(set.x.data, run.x.values) == nil)
        #expect(Compare.firstMismatch(set.y, run.y.map(\.value)) == nil)
    }

    @Test(arguments: ["run", "oneRow"])
    func snapshotsMatchNumPy(which: String) throws {
        let fixture = try Fixtures.notebook()
        let run = which == "run" ? fixture.run : fixture.oneRow
        let history = try Self.train(run).result.history
        #expect(history.map(\.epoch) == run.snapshots.map(\.epoch))
        for (got, expected) in zip(history, run.snapshots) {
            Self.checkParameters(got.weights, got.bias, expected.weights, expected.bias, "\(which) epoch \(expected.epoch)")
            #expect(Compare.within(got.loss, expected.loss.value, Self.lossTolerance),
                    "\(which) epoch \(expected.epoch) loss: got \(got.loss), expected \(expected.loss.value)")
        }
    }

    @Test(arguments: ["run", "oneRow"])
    func finalModelMatchesNumPy(which: String) throws {
        let fixture = try Fixtures.notebook()
        let run = which == "run" ? fixture.run : fixture.oneRow
        let result = try Self.train(run).result
        Self.checkParameters(result.model.weights, result.model.bias, run.final.weights, run.final.bias, "\(which) final")
        #expect(Compare.within(result.evaluation.loss, run.final.loss.value, Self.lossTolerance),
                "\(which) final loss: got \(result.evaluation.loss), expected \(run.final.loss.value)")
        #expect(result.evaluation.accuracy == run.final.accuracy.value)
        let lastLoss = try #require(run.epochLosses.last).value
        #expect(Compare.within(result.lastEpochLoss, lastLoss, Self.lossTolerance), "\(which) last epoch loss")
        #expect(GradientDescent.evaluate(result.model, on: try run.trainingSet()) == result.evaluation)
    }

    @Test func everyEpochIsReportedInOrder() throws {
        let run = try Fixtures.notebook().run
        let outcome = try Self.train(run)
        #expect(outcome.reports.map(\.epoch) == Array(1...run.epochs))
        for (report, expected) in zip(outcome.reports, run.epochLosses) {
            #expect(Compare.within(report.loss, expected.value, Self.lossTolerance), "epoch \(report.epoch) loss")
        }
        let reported = outcome.reports.compactMap(\.snapshot)
        #expect(reported == outcome.result.history)
        #expect(outcome.reports.filter { $0.snapshot != nil }.map(\.epoch) == Array(stride(from: 10, through: 100, by: 10)))
    }

    @Test func generatedAndDecodedDataTrainAlike() throws {
        let run = try Fixtures.notebook().run
        var rng = try RandomState(seed: 42)
        let initial = LogisticModel.random(features: 2, using: &rng)
        let generated = TrainingSet.generate(samples: 64, features: 2, using: &rng)
        let fromGenerated = try GradientDescent.train(generated, initial: initial, options: TrainingOptions())
        let fromFixture = try Self.train(run).result
        #expect(fromGenerated.model == fromFixture.model)
        #expect(fromGenerated.history == fromFixture.history)
        #expect(TrainingOptions() == run.options)
    }

    /// numpy's `print(self.w, self.b)` text, rebuilt from the engine's doubles; the 8-decimal "%.8f" strings too.
    @Test(arguments: ["run", "oneRow"])
    func printedTextMatchesNumPy(which: String) throws {
        let fixture = try Fixtures.notebook()
        let run = which == "run" ? fixture.run : fixture.oneRow
        let result = try Self.train(run).result
        for (got, expected) in zip(result.history, run.snapshots) {
            let weights = NumPyPrint.column(got.weights)
            let bias = NumPyPrint.column([got.bias])
            #expect(weights == expected.weightsString, "\(which) epoch \(expected.epoch)")
            #expect(bias == expected.biasString, "\(which) epoch \(expected.epoch)")
            #expect(weights + " " + bias == expected.printed, "\(which) epoch \(expected.epoch)")
            #expect(got.weights.map { String(format: "%.8f", $0) } == expected.weightsFixed)
            #expect(String(format: "%.8f", got.bias) == expected.biasFixed)
        }
        #expect(NumPyPrint.column(result.model.weights) == run.final.weightsString)
        #expect(NumPyPrint.column([result.model.bias]) == run.final.biasString)
        #expect(result.model.weights.map { String(format: "%.8f", $0) } == run.final.weightsFixed)
        #expect(String(format: "%.8f", result.model.bias) == run.final.biasFixed)
    }

    /// The printing helper itself, on numpy's own doubles (independent of the engine).
    @Test func printHelperReproducesNumPyStrings() throws {
        let fixture = try Fixtures.notebook()
        for run in [fixture.run, fixture.oneRow] {
            for snapshot in run.snapshots {
                #expect(NumPyPrint.column(snapshot.weights.map(\.value)) == snapshot.weightsString)
                #expect(NumPyPrint.column([snapshot.bias.value]) == snapshot.biasString)
            }
            #expect(NumPyPrint.column(run.final.weights.map(\.value)) == run.final.weightsString)
            #expect(NumPyPrint.column([run.final.bias.value]) == run.final.biasString)
        }
        #expect(NumPyPrint.column([0.5, 0.12345678912]) == "[[0.5       ]\n [0.12345679]]")
        #expect(NumPyPrint.column([-0.5, 10.12345678912]) == "[[-0.5       ]\n [10.12345679]]")
        #expect(NumPyPrint.column([1, 2]) == "[[1.]\n [2.]]")
    }
}

/// Resuming and evaluating reuse the epoch loop, so they give its bits.
@Suite struct ResumeAndEvaluationTests {
    static func set() throws -> TrainingSet {
        var rng = try RandomState(seed: 5)
        return TrainingSet.generate(samples: 300, features: 9, using: &rng)
    }

    static let initial = LogisticModel(weights: [0.1, -0.2, 0.3, 0.05, 0, -0.1, 0.2, 0.4, -0.3], bias: 0.01)

    @Test(arguments: [0, 1, 7, 19, 20]) func resumingFromAnyEpochGivesTheUninterruptedBits(after: Int) throws {
        let set = try Self.set()
        let options = TrainingOptions(epochs: 20, learningRate: 0.3, snapshotEvery: 3)
        let whole = try GradientDescent.train(set, initial: Self.initial, options: options)
        var checkpoint: TrainingCheckpoint?
        let head = try? GradientDescent.train(set, initial: Self.initial, options: options) { report in
            if report.epoch == after { checkpoint = report.checkpoint }
            return report.epoch == after ? .stop : .proceed
        }
        #expect(head == nil || after == 0 || after == 20, "a run stops where it is told to")
        let tail = try GradientDescent.train(set, initial: Self.initial, options: options, resuming: checkpoint)
        #expect(tail.model.weights.map(\.bitPattern) == whole.model.weights.map(\.bitPattern))
        #expect(tail.model.bias.bitPattern == whole.model.bias.bitPattern)
        #expect(tail.lastEpochLoss.bitPattern == whole.lastEpochLoss.bitPattern)
        #expect(tail.history == Array(whole.history.drop { $0.epoch <= after }))
        #expect(tail.evaluation == whole.evaluation)
    }

    @Test func theModelsLossIsTheLossTheNextEpochReports() throws {
        let set = try Self.set()
        let ten = try GradientDescent.train(set, initial: Self.initial, options: TrainingOptions(epochs: 10, learningRate: 0.3))
        var eleventh: Double?
        _ = try GradientDescent.train(set, initial: Self.initial, options: TrainingOptions(epochs: 11, learningRate: 0.3)) { report in
            if report.epoch == 11 { eleventh = report.loss }
            return .proceed
        }
        #expect(ten.evaluation.loss.bitPattern == eleventh?.bitPattern)
        #expect(ten.evaluation.accuracy > 0 && ten.evaluation.accuracy <= 1)
    }
}
