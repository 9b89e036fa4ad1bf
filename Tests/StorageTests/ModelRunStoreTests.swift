import Engine
import Foundation
import Testing

@testable import Storage

/// Jobs and models beyond the notebook, on every store: options, table data with a validation set, model checkpoints,
/// snapshots of k biases with validation losses, and fitted models with details come back bit for bit.
@Suite struct ModelRunStoreTests {
    @Test(arguments: StoreKind.allCases) func aSoftmaxJobKeepsItsOptionsAndData(kind: StoreKind) async throws {
        let store = try await kind.make()
        let added = try await store.addJob(ModelFixtures.job("job_1"), data: .table(ModelFixtures.table))
        #expect(added.params == ModelFixtures.params)
        let loaded = try await store.load()
        #expect(loaded.jobs.map(\.params) == [ModelFixtures.params])
        #expect(loaded.jobs.first?.params.options.l2.bitPattern == (0.1 + 0.2).bitPattern)

        let point = try #require(try await store.resumePoint(ofJob: "job_1"))
        guard case .table(let table) = point.data else {
            Issue.record("table data came back as \(point.data)")
            return
        }
        #expect(table == ModelFixtures.table)
        #expect(table.x.data.map(\.bitPattern) == ModelFixtures.table.x.data.map(\.bitPattern))
        #expect(table.validation?.x.data.map(\.bitPattern) == ModelFixtures.table.validation?.x.data.map(\.bitPattern))
        #expect(table.validation?.y == [0, 1, 2])
        #expect(point.data.hasValidationSet)
        #expect(point.savedCheckpoint == nil && point.modelHistory.isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aModelCheckpointAndItsSnapshotsComeBack(kind: StoreKind) async throws {
        let store = try await kind.make()
        var job = try await store.addJob(ModelFixtures.job("job_1"), data: .table(ModelFixtures.table))
        try job.state.apply(.start(at: Date(timeIntervalSince1970: 1_700_000_001)))
        try job.state.apply(.progress(epoch: 3, loss: 0.1 + 0.2))
        let early = Array(ModelFixtures.snapshots.prefix(1))
        try await store.saveCheckpoint(.model(ModelFixtures.checkpoint), history: early, of: job)

        let point = try #require(try await store.resumePoint(ofJob: "job_1"))
        #expect(point.savedCheckpoint == .model(ModelFixtures.checkpoint))
        #expect(point.savedCheckpoint?.modelCheckpoint.optimizer.second.first?.bitPattern == Double.leastNonzeroMagnitude.bitPattern)
        #expect(point.checkpoint == nil, "a run with a random stream has no notebook checkpoint")
        #expect(point.modelHistory == early)
        #expect(point.history.isEmpty, "k biases have no notebook form")

        let loaded = try await store.load()
        #expect(loaded.modelHistories["job_1"] == early && loaded.histories["job_1"] == nil)
        #expect(loaded.history(ofJob: "job_1") == early)
        #expect(loaded.jobs.first?.state == job.state)

        try await store.saveCheckpoint(.model(ModelFixtures.checkpoint), history: Array(ModelFixtures.snapshots.dropFirst()), of: job)
        #expect(try await store.load().history(ofJob: "job_1") == ModelFixtures.snapshots)
        let resumed = try #require(try await store.resumePoint(ofJob: "job_1"))
        #expect(resumed.modelHistory == early, "only snapshots up to the checkpoint's epoch")
    }

    @Test(arguments: StoreKind.allCases) func aFinishedSoftmaxModelKeepsItsFittedModelAndDetails(kind: StoreKind) async throws {
        let store = try await kind.make()
        var job = try await store.addJob(ModelFixtures.job("job_1"), data: .table(ModelFixtures.table))
        try job.state.apply(.start(at: Date()))
        try await store.saveCheckpoint(.model(ModelFixtures.checkpoint), history: [], of: job)
        try job.state.apply(.succeed(modelID: "mdl_1", loss: 0.25, at: Date(timeIntervalSince1970: 1_700_000_003)))
        let record = try await store.completeJob(job, history: ModelFixtures.snapshots, model: ModelFixtures.model("mdl_1"))
        #expect(record.fitted == ModelFixtures.fitted && record.details == ModelFixtures.details)
        #expect(record.params == ModelFixtures.params && record.version == 1)
        #expect(record.model == LogisticModel(weights: [], bias: 0), "a softmax model has no notebook form")
        #expect(record.metrics == Evaluation(loss: ModelFixtures.details.metrics.loss, accuracy: ModelFixtures.details.metrics.accuracy))
        #expect(record.predictor == ModelFixtures.fitted)

        let loaded = try await store.load()
        #expect(loaded.models == [record])
        let fitted = try #require(loaded.models.first?.fitted)
        #expect(fitted.classifier.weights.map(\.bitPattern) == ModelFixtures.classifier.weights.map(\.bitPattern))
        #expect(fitted.classifier.bias.map(\.bitPattern) == ModelFixtures.classifier.bias.map(\.bitPattern))
        #expect(fitted.standardization?.mean[1].sign == .minus)
        #expect(loaded.models.first?.details?.validationMetrics?.confusionMatrix == ModelFixtures.details.validationMetrics?.confusionMatrix)
        #expect(loaded.history(ofJob: "job_1") == ModelFixtures.snapshots)
        #expect(loaded.jobs.first?.state.status == .succeeded)
        #expect(try await store.resumePoint(ofJob: "job_1") == nil, "the data and checkpoint go when the job ends")

        var failed = try await store.addJob(ModelFixtures.job("job_2"), data: .table(ModelFixtures.table))
        try failed.state.apply(.start(at: Date()))
        try failed.state.apply(.fail(reason: "diverged", at: Date()))
        try await store.finishJob(failed, history: ModelFixtures.snapshots)
        #expect(try await store.load().modelHistories["job_2"] == ModelFixtures.snapshots)
    }

    @Test(arguments: StoreKind.allCases) func aFittedLogisticModelKeepsItsNotebookForm(kind: StoreKind) async throws {
        let store = try await kind.make()
        let params = TrainingParams(
            epochs: 4, learningRate: 0.1, seed: 3, snapshotEvery: 1, samples: 3, features: 2,
            options: ModelOptions(optimizer: OptimizerSettings(.sgd, batchSize: 2)))
        var job = try await store.addJob(JobRecord(id: "job_1", name: nil, params: params, createdAt: Date()), data: StoreTests.given)
        try job.state.apply(.start(at: Date()))
        try job.state.apply(.succeed(modelID: "mdl_1", loss: 0.5, at: Date()))
        let logistic = LinearClassifier(kind: .logistic, features: 2, weights: [-0.0, 0.1 + 0.2], bias: [Double.leastNonzeroMagnitude])
        let details = ModelDetails(metrics: .binary(probabilities: [0.2, 0.9, 0.6], targets: [0, 1, 0.5]), classes: 2)
        let snapshot = ModelSnapshot(epoch: 1, loss: 0.4, valLoss: nil, weights: [1, 2], bias: [-0.0])
        let record = try await store.completeJob(
            job, history: [snapshot],
            model: NewModel(
                id: "mdl_1", name: nil, fitted: FittedModel(classifier: logistic, standardization: nil), details: details,
                createdAt: Date(timeIntervalSince1970: 5)))
        #expect(record.model == LogisticModel(weights: [-0.0, 0.1 + 0.2], bias: Double.leastNonzeroMagnitude))
        let loaded = try await store.load()
        #expect(loaded.models == [record])
        let notebookForm = [Snapshot(epoch: 1, loss: 0.4, weights: [1, 2], bias: -0.0)]
        #expect(loaded.histories["job_1"] == notebookForm, "one bias, no val_loss: the notebook's form")
        #expect(loaded.modelHistories.isEmpty)
        let given = try #require(try await store.load().jobs.first)
        #expect(given.params.options.optimizer == OptimizerSettings(.sgd, batchSize: 2))
    }

    @Test(arguments: StoreKind.allCases) func aNotebookJobAndModelAreAsBefore(kind: StoreKind) async throws {
        let store = try await kind.make()
        var job = try await store.addJob(StoreTests.job("job_1"), data: StoreTests.given)
        try job.state.apply(.start(at: Date()))
        let checkpoint = TrainingCheckpoint(epoch: 2, model: LogisticModel(weights: [0.5, -0.0], bias: 0x1p-1063), loss: 0.55)
        let snapshot = Snapshot(epoch: 2, loss: 0.6, weights: [1, 2], bias: -0.0)
        try await store.saveCheckpoint(checkpoint, snapshots: [snapshot], of: job)
        let point = try #require(try await store.resumePoint(ofJob: "job_1"))
        #expect(point.savedCheckpoint == .notebook(checkpoint) && point.checkpoint == checkpoint)
        #expect(point.history == [snapshot] && point.modelHistory == [ModelSnapshot(notebook: snapshot)])
        guard case .given = point.data else {
            Issue.record("notebook data came back as \(point.data)")
            return
        }
        try job.state.apply(.succeed(modelID: "mdl_1", loss: 0.3, at: Date()))
        let record = try await store.completeJob(job, snapshots: [], model: StoreTests.model("mdl_1"))
        #expect(record.fitted == nil && record.details == nil && record.params.options == .notebook)
        let loaded = try await store.load()
        #expect(loaded.models == [record] && loaded.histories["job_1"] == [snapshot] && loaded.modelHistories.isEmpty)
        #expect(loaded.jobs.first?.params == StoreTests.params)
    }

    /// A run stopped after its checkpoint and resumed from what the store kept ends with the bits of an uninterrupted
    /// run: the stored checkpoint, data, options and history are all it needs.
    @Test(arguments: StoreKind.allCases) func aRunResumedFromTheStoreEndsBitForBit(kind: StoreKind) async throws {
        let store = try await kind.make()
        let plan = ModelFixtures.params.plan()
        let prepared = try TrainingData.table(ModelFixtures.table).prepare(plan: plan, seed: ModelFixtures.params.seed)
        var saved: (ModelCheckpoint, [ModelSnapshot])?
        var taken: [ModelSnapshot] = []
        let full = try ModelTrainer.train(prepared.input, initial: prepared.initial, random: prepared.random) { report in
            if let snapshot = report.snapshot { taken.append(snapshot) }
            if report.epoch == 3 { saved = (report.checkpoint, taken) }
            return .proceed
        }
        let (checkpoint, history) = try #require(saved)

        var job = try await store.addJob(ModelFixtures.job("job_1"), data: .table(ModelFixtures.table))
        try job.state.apply(.start(at: Date()))
        try await store.saveCheckpoint(.model(checkpoint), history: history, of: job)

        let point = try #require(try await store.resumePoint(ofJob: "job_1"))
        let stored = try #require(try await store.load().jobs.first)
        let again = try point.data.prepare(plan: stored.params.plan(), seed: stored.params.seed)
        let resumed = try ModelTrainer.train(
            again.input, initial: again.initial, random: again.random, resuming: point.savedCheckpoint?.modelCheckpoint)
        #expect(resumed.model == full.model)
        #expect(resumed.model.classifier.weights.map(\.bitPattern) == full.model.classifier.weights.map(\.bitPattern))
        #expect(point.modelHistory + resumed.history == full.history)
        #expect(full.history.allSatisfy { $0.bias.count == 3 && $0.valLoss != nil })
    }
}
