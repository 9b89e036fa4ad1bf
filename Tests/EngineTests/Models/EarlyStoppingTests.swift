import Engine
import Testing

/// Early stopping keeps the parameters of the best monitored epoch and stops `patience` epochs after it.
@Suite struct EarlyStoppingTests {
    /// 40 rows of noise in 25 features: the training loss keeps falling while the held-out loss turns up.
    static func noisyInput(_ plan: TrainingPlan) throws -> TrainingInput {
        var rng = RandomState(seed: UInt32(9))
        let x = rng.randn([40, 25])
        let y = NDArray(shape: [40], data: (0..<40).map { _ in rng.nextDouble() < 0.5 ? 0 : 1 })
        return try TrainingInput(x: x, y: y, plan: plan)
    }

    @Test func validationLossKeepsTheBestEpoch() throws {
        let plan = TrainingPlan(
            validation: .fraction(0.5), earlyStopping: EarlyStoppingSettings(patience: 5, minDelta: 0), epochs: 500, learningRate: 0.5,
            snapshotEvery: 1)
        var reports: [ModelEpochReport] = []
        let result = try ModelTrainer.train(try Self.noisyInput(plan), seed: 3) { report in
            reports.append(report)
            return .proceed
        }
        let valLosses = reports.compactMap(\.valLoss)
        #expect(valLosses.count == reports.count)
        let best = try #require(valLosses.indices.min { valLosses[$0] < valLosses[$1] })
        #expect(result.stoppedEarly)
        #expect(result.bestEpoch == best + 1)
        #expect(result.epochsRun == best + 1 + 5)
        #expect(reports.count == result.epochsRun)
        #expect(result.model.classifier == reports[best].checkpoint.classifier)
        #expect(result.history.map(\.valLoss) == reports.map(\.valLoss))
        let validation = try #require(result.validationMetrics)
        #expect(Compare.close(validation.loss, valLosses[best], relative: 1e-12))
    }

    @Test func trainingLossKeepsTheParametersItMeasured() throws {
        // Without validation, full-batch gd monitors each epoch's loss, measured before that epoch's step.
        let plan = TrainingPlan(earlyStopping: EarlyStoppingSettings(patience: 3, minDelta: 1e-3), epochs: 1_000, learningRate: 0.1, snapshotEvery: 1)
        let result = try ModelTrainer.train(try Self.noisyInput(plan), seed: 3)
        let bestEpoch = try #require(result.bestEpoch)
        #expect(result.stoppedEarly && result.epochsRun == bestEpoch + 3)
        let snapshot = try #require(result.history.first { $0.epoch == bestEpoch })
        #expect(result.model.classifier.weights == snapshot.weights && result.model.classifier.bias == snapshot.bias)
        #expect(result.validationMetrics == nil)
    }

    @Test func withoutEarlyStoppingTheLastParametersStay() throws {
        let plan = TrainingPlan(validation: .fraction(0.5), epochs: 30, learningRate: 0.5, snapshotEvery: 1)
        var last: ModelCheckpoint?
        let result = try ModelTrainer.train(try Self.noisyInput(plan), seed: 3) { report in
            last = report.checkpoint
            return .proceed
        }
        #expect(!result.stoppedEarly && result.bestEpoch == nil && result.epochsRun == 30)
        #expect(result.model.classifier == last?.classifier)
    }
}
