import Engine
import Foundation
import Testing

/// A run stopped after an epoch and resumed from that epoch's checkpoint (through JSON, as a store keeps it) ends with
/// the bits of the run that never stopped.
@Suite struct ResumeTests {
    static func input(_ optimizer: OptimizerSettings, model: ModelKind, earlyStopping: EarlyStoppingSettings?) throws -> TrainingInput {
        var rng = RandomState(seed: UInt32(21))
        let x = rng.randn([300, 4])
        let y = (0..<300).map { row in
            let signal = x.data[row * 4] - x.data[row * 4 + 1] + 0.3 * rng.nextGaussian()
            return model == .softmax ? (signal < -0.4 ? 0.0 : signal < 0.4 ? 1 : 2) : (signal > 0 ? 1 : 0)
        }
        let plan = TrainingPlan(
            model: model, l2: 0.01, standardize: true, optimizer: optimizer, validation: .fraction(0.2), earlyStopping: earlyStopping,
            epochs: 12, learningRate: 0.05, snapshotEvery: 1)
        return try TrainingInput(x: x, y: NDArray(shape: [300], data: y), plan: plan)
    }

    static func bits(_ result: ModelTrainingResult) -> [UInt64] {
        (result.model.classifier.weights + result.model.classifier.bias + [result.lastEpochLoss, result.metrics.loss]).map(\.bitPattern)
    }

    @Test(arguments: [
        (OptimizerSettings(.adam, batchSize: 32), ModelKind.softmax), (OptimizerSettings(.momentum, batchSize: 50), .logistic),
        (OptimizerSettings(.sgd), .softmax), (OptimizerSettings(.gd), .logistic),
    ])
    func resumedRunHasTheUninterruptedBits(optimizer: OptimizerSettings, model: ModelKind) throws {
        for stopping in [nil, EarlyStoppingSettings(patience: 2, minDelta: 0.05)] {
            let input = try Self.input(optimizer, model: model, earlyStopping: stopping)
            let whole = try ModelTrainer.train(input, seed: 8)
            var saved: ModelCheckpoint?
            let stop = { (report: ModelEpochReport) -> TrainingControl in
                saved = report.checkpoint
                return report.epoch == 4 ? .stop : .proceed
            }
            if whole.epochsRun > 4 {
                #expect(throws: TrainingError.cancelled(afterEpochs: 4)) { _ = try ModelTrainer.train(input, seed: 8, onEpoch: stop) }
            } else {
                // Early stopping ended the run first: its last checkpoint resumes into a run that has stopped.
                _ = try ModelTrainer.train(input, seed: 8, onEpoch: stop)
            }
            let checkpoint = try JSONDecoder().decode(ModelCheckpoint.self, from: JSONEncoder().encode(try #require(saved)))
            #expect(checkpoint == saved)
            let resumed = try ModelTrainer.train(input, seed: 8, resuming: checkpoint)
            let label = "\(optimizer.name) \(model) early stopping: \(stopping != nil)"
            #expect(Self.bits(resumed) == Self.bits(whole), "\(label)")
            #expect(resumed.history == Array(whole.history.drop { $0.epoch <= checkpoint.epoch }), "\(label)")
            #expect(resumed.bestEpoch == whole.bestEpoch && resumed.stoppedEarly == whole.stoppedEarly && resumed.epochsRun == whole.epochsRun)
            #expect(resumed.validationMetrics == whole.validationMetrics)
        }
    }

    @Test func notebookRunResumesThroughModelCheckpoint() throws {
        let run = try Fixtures.notebook().run
        let set = try run.trainingSet()
        let plan = TrainingPlan(epochs: run.epochs, learningRate: run.learningRate.value, snapshotEvery: run.snapshotEvery)
        let input = try TrainingInput(x: set.x, y: NDArray(shape: [set.samples], data: set.y), plan: plan)
        let seed = UInt32(try #require(run.seed))
        let whole = try ModelTrainer.train(input, seed: seed)
        var saved: ModelCheckpoint?
        _ = try? ModelTrainer.train(input, seed: seed) { report in
            saved = report.checkpoint
            return report.epoch == 37 ? .stop : .proceed
        }
        let checkpoint = try #require(saved)
        #expect(checkpoint.legacy != nil)
        let resumed = try ModelTrainer.train(input, seed: seed, resuming: checkpoint)
        #expect(resumed.model == whole.model && resumed.lastEpochLoss.bitPattern == whole.lastEpochLoss.bitPattern)
    }
}
