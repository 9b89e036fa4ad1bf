import Engine
import Testing

/// A plan that uses nothing new trains through ``GradientDescent`` with the notebook's bits; anything new leaves it.
@Suite struct DefaultPathTests {
    @Test func defaultPlanIsTheNotebookRun() throws {
        let run = try Fixtures.notebook().run
        let set = try run.trainingSet()
        var directLosses: [Double] = []
        let direct = try GradientDescent.train(set, initial: run.initialModel, options: run.options) { report in
            directLosses.append(report.loss)
            return .proceed
        }
        let plan = TrainingPlan(epochs: run.epochs, learningRate: run.learningRate.value, snapshotEvery: run.snapshotEvery)
        #expect(plan.usesOnlyNotebookFeatures)
        let input = try TrainingInput(x: set.x, y: NDArray(shape: [set.samples, 1], data: set.y), plan: plan)
        var losses: [Double] = []
        let result = try ModelTrainer.train(input, seed: try #require(run.seed).magnitude32) { report in
            losses.append(report.loss)
            return .proceed
        }
        let legacy = try #require(result.legacy)
        #expect(legacy.model == direct.model)
        #expect(result.model.classifier == LinearClassifier(direct.model))
        #expect(result.model.standardization == nil)
        #expect(result.history.map(\.loss).map(\.bitPattern) == direct.history.map(\.loss).map(\.bitPattern))
        #expect(result.history.map(\.weights) == direct.history.map(\.weights))
        #expect(losses.map(\.bitPattern) == directLosses.map(\.bitPattern))
        #expect(losses.count == run.epochs)
        #expect(result.metrics.loss == direct.evaluation.loss && result.metrics.accuracy == direct.evaluation.accuracy)
        #expect(result.lastEpochLoss.bitPattern == (0.8359764561379722 as Double).bitPattern)
    }

    @Test(arguments: [
        TrainingPlan(l2: 0.1), TrainingPlan(standardize: true), TrainingPlan(optimizer: OptimizerSettings(.sgd)),
        TrainingPlan(validation: .fraction(0.25)), TrainingPlan(earlyStopping: EarlyStoppingSettings()), TrainingPlan(model: .softmax),
    ])
    func anythingNewLeavesTheNotebookPath(plan: TrainingPlan) throws {
        #expect(!plan.usesOnlyNotebookFeatures)
        var rng = RandomState(seed: UInt32(1))
        let x = rng.rand([40, 3])
        let y = NDArray(shape: [40], data: (0..<40).map { Double($0 % 2) })
        let result = try ModelTrainer.train(try TrainingInput(x: x, y: y, plan: plan), seed: 1)
        #expect(result.legacy == nil)
    }
}

extension Int {
    /// The seed as the engine takes it.
    var magnitude32: UInt32 { UInt32(truncatingIfNeeded: self) }
}
