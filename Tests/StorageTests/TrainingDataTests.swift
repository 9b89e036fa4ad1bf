import Engine
import Testing

@testable import Storage

/// What a stored job's data gives a run: the notebook's draws, the new trainer's input, and the table's checks.
@Suite struct TrainingDataTests {
    @Test func aNotebookPlanDrawsWhatTheNotebookDraws() throws {
        for data in [StoreTests.given, TrainingData.generate(samples: 5, features: 3)] {
            let (set, initial) = data.prepare(seed: 42)
            let prepared = try data.prepare(plan: StoreTests.params.plan(), seed: 42)
            #expect(prepared.initial == LinearClassifier(initial))
            #expect(prepared.input.x == set.x && prepared.input.y == set.y)
            #expect(prepared.input.plan.usesOnlyNotebookFeatures)
        }
    }

    @Test func givenAndTableDataDrawAsModelTrainerDoes() throws {
        let plan = ModelFixtures.params.plan()
        let prepared = try TrainingData.table(ModelFixtures.table).prepare(plan: plan, seed: 7)
        var rng = RandomState(seed: UInt32(7))
        #expect(prepared.initial == LinearClassifier.random(kind: .softmax, features: 2, classes: 3, using: &rng))
        #expect(prepared.random.state == rng.state)
        let viaSeed = try ModelTrainer.train(prepared.input, seed: 7)
        let viaPrepared = try ModelTrainer.train(prepared.input, initial: prepared.initial, random: prepared.random)
        #expect(viaSeed.model == viaPrepared.model)
    }

    @Test func theTablesValidationSetIsThePlans() throws {
        var plan = ModelFixtures.params.plan()
        plan.validation = .fraction(0.5)
        let prepared = try TrainingData.table(ModelFixtures.table).prepare(plan: plan, seed: 1)
        #expect(prepared.input.validation?.x == ModelFixtures.table.validation?.x)
        #expect(prepared.input.validation?.y == [0, 1, 2])
        let validation = try #require(ModelFixtures.table.validation)
        #expect(prepared.input.plan.validation == .set(x: validation.x, y: NDArray(shape: [3], data: [0, 1, 2])))
        let withoutValidation = try TrainingTable(x: ModelFixtures.table.x, y: NDArray(shape: [12], data: ModelFixtures.table.y))
        #expect(!TrainingData.table(withoutValidation).hasValidationSet)
    }

    @Test func thePlansRulesAreChecked() throws {
        #expect(throws: TrainingPlanError.classID(pointer: "/y/1", value: 1.5, classes: 2)) {
            let table = try TrainingTable(x: NDArray(shape: [2, 1], data: [1, 2]), y: NDArray(shape: [2], data: [0, 1.5]))
            _ = try TrainingData.table(table).prepare(plan: TrainingPlan(model: .softmax, classes: 2), seed: 1)
        }
        #expect(throws: TrainingPlanError.self) {
            _ = try TrainingData.generate(samples: 4, features: 2).prepare(plan: TrainingPlan(model: .softmax, classes: 2), seed: 1)
        }
    }

    @Test func aTableChecksItsShapes() {
        #expect(throws: TrainingPlanError.xShape(pointer: "/x", shape: [3])) {
            try TrainingTable(x: NDArray(shape: [3], data: [1, 2, 3]), y: NDArray(shape: [3], data: [0, 1, 0]))
        }
        #expect(throws: TrainingPlanError.yShape(pointer: "/y", expectedRows: 3, shape: [2])) {
            try TrainingTable(x: NDArray(shape: [3, 1], data: [1, 2, 3]), y: NDArray(shape: [2], data: [0, 1]))
        }
        #expect(throws: TrainingPlanError.validationFeatures(expected: 1, got: 2)) {
            try TrainingTable(
                x: NDArray(shape: [3, 1], data: [1, 2, 3]), y: NDArray(shape: [3], data: [0, 1, 0]),
                validation: (NDArray(shape: [1, 2], data: [1, 2]), NDArray(shape: [1], data: [0])))
        }
        #expect(throws: TrainingPlanError.yShape(pointer: "/validation/y", expectedRows: 1, shape: [2])) {
            try TrainingTable(
                x: NDArray(shape: [3, 1], data: [1, 2, 3]), y: NDArray(shape: [3], data: [0, 1, 0]),
                validation: (NDArray(shape: [1, 1], data: [1]), NDArray(shape: [2], data: [0, 1])))
        }
    }

    @Test func aCheckpointOfEitherFormResumesEitherTrainer() {
        let notebook = TrainingCheckpoint(epoch: 3, model: LogisticModel(weights: [1, -0.0], bias: 2), loss: 0.5)
        #expect(JobCheckpoint.notebook(notebook).modelCheckpoint == ModelCheckpoint(notebook))
        #expect(JobCheckpoint.notebook(notebook).trainingCheckpoint == notebook)
        #expect(JobCheckpoint.model(ModelCheckpoint(notebook)).trainingCheckpoint == notebook)
        #expect(JobCheckpoint.model(ModelFixtures.checkpoint).trainingCheckpoint == nil)
        #expect(JobCheckpoint.model(ModelFixtures.checkpoint).epoch == 3)
        #expect(JobCheckpoint.notebook(notebook).loss == 0.5)
    }
}
