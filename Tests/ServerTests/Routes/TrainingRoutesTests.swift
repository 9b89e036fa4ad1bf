import Engine
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct TrainingRoutesTests {
    static let notebook = #"{"generate": {"samples": 64, "features": 2}, "seed": 42, "epochs": 100, "learning_rate": 0.01, "snapshot_every": 10, "wait": true}"#

    @Test(arguments: StoreKind.allCases) func notebookRunWithWaitAnswers201WithTheEngineHistory(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        let reference = try EngineReference.generatedRun(seed: 42, samples: 64, features: 2, epochs: 100, learningRate: 0.01, snapshotEvery: 10)
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: Self.notebook)
            #expect(response.status == .created)
            let job = try decode(TestJob.self, from: response.body)
            #expect(response.headers[.location] == "/jobs/\(job.id)")
            #expect(job.id.hasPrefix("job_"))
            #expect(job.status == "succeeded")
            #expect(job.epoch == 100)
            #expect(job.epochs == 100)
            #expect(job.progress == 1)
            #expect(job.loss == reference.result.lastEpochLoss)
            #expect(job.params == TestParams(epochs: 100, learning_rate: 0.01, seed: 42, snapshot_every: 10, samples: 64, features: 2))
            #expect(job.error == nil)
            #expect(job.started_at != nil && job.finished_at != nil)
            let history = try #require(job.history)
            #expect(history.map(\.epoch) == Array(stride(from: 10, through: 100, by: 10)))
            #expect(history == reference.result.history.map { TestSnapshot(epoch: $0.epoch, loss: $0.loss, w: $0.weights, b: $0.bias) })
            // NumPy's values for the notebook run (numpy 2.4.6): epoch 10 and the final parameters, to 1e-15.
            #expect(abs(history[0].loss - 0.9410563374145041) <= 1e-15)
            #expect(abs(history[0].w[0] - 0.3600252729230936) <= 1e-15)
            #expect(abs(history[0].w[1] - 0.9359053842913808) <= 1e-15)
            #expect(abs(history[0].b - 0.704170216441114) <= 1e-15)
            #expect(abs(history[9].loss - 0.8359764561379723) <= 1e-15)

            let modelID = try #require(job.model_id)
            let model = try decode(TestModel.self, from: try await client.send(.get, "/models/\(modelID)").body)
            #expect(model.w == reference.result.model.weights)
            #expect(model.b == reference.result.model.bias)
            #expect(abs((model.w?[0] ?? 0) - 0.23050730141770098) <= 1e-15)
            #expect(abs((model.w?[1] ?? 0) - 0.8012179375829609) <= 1e-15)
            #expect(abs((model.b ?? 0) - 0.4567915366386218) <= 1e-15)
            #expect(model.metrics == TestMetrics(loss: reference.result.evaluation.loss, accuracy: reference.result.evaluation.accuracy))
            #expect(model.job_id == job.id)
            #expect(model.version == 1)
            #expect(model.name == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func asyncTrainAnswers202AndTheJobFinishes(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: #"{"x": [[0, 1], [1, 0], [1, 1], [0, 0]], "y": [1, 0, 1, 0], "epochs": 50, "seed": 7, "name": "tiny"}"#)
            #expect(response.status == .accepted)
            let queued = try decode(TestJob.self, from: response.body)
            #expect(response.headers[.location] == "/jobs/\(queued.id)")
            #expect(["queued", "running", "succeeded"].contains(queued.status))
            #expect(queued.name == "tiny")
            #expect(queued.params == TestParams(epochs: 50, learning_rate: 0.01, seed: 7, snapshot_every: 10, samples: 4, features: 2))
            let finished = try await client.waitForJob(queued.id)
            #expect(finished.status == "succeeded")
            #expect(finished.history?.count == 5)
            #expect(finished.model_id != nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func absentSeedIsPickedAndReported(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: #"{"generate": {"samples": 8, "features": 3}, "epochs": 5, "wait": true}"#)
            #expect(response.status == .created)
            let job = try decode(TestJob.self, from: response.body)
            let reference = try EngineReference.generatedRun(
                seed: job.params.seed, samples: 8, features: 3, epochs: 5, learningRate: 0.01, snapshotEvery: 10
            )
            #expect(job.loss == reference.result.lastEpochLoss)
            #expect(job.history == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func sameNameGivesTheNextVersion(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            for version in 1...3 {
                let response = try await client.send(.post, "/train", json: #"{"generate": {"samples": 8, "features": 2}, "epochs": 3, "seed": \#(version), "name": "churn", "wait": true}"#)
                let job = try decode(TestJob.self, from: response.body)
                let model = try decode(TestModel.self, from: try await client.send(.get, "/models/\(try #require(job.model_id))").body)
                #expect(model.name == "churn")
                #expect(model.version == version)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownMemberIs400NamingIt(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let problem = try expectProblem(
                try await client.send(.post, "/train", json: #"{"generate": {"samples": 8, "features": 2}, "learning_rte": 0.1}"#),
                status: .badRequest, kind: "bad-request"
            )
            #expect(problem.detail.contains("learning_rte"))
            #expect(problem.errors?.first?.pointer == "/learning_rte")
        }
    }

    @Test(arguments: [
        (#"{"generate": {"samples": 8, "features": 2}, "epochs": 0}"#, "/epochs"),
        (#"{"generate": {"samples": 8, "features": 2}, "seed": 4294967296}"#, "/seed"),
        (#"{"x": [[1, 2], [3]], "y": [0, 1]}"#, "/x/1"),
        (#"{"x": [[1, 2], [3, 4]], "y": [0, 2]}"#, "/y/1"),
    ])
    func unusableValuesAre422WithAPointer(body: String, pointer: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: body)
            #expect(response.status == .unprocessableContent)
            let problem = try decode(ProblemBody.self, from: response.body)
            #expect(problem.status == 422)
            #expect(problem.errors?.first?.pointer == pointer)
            let jobs = try decode(TestJobList.self, from: try await client.send(.get, "/jobs").body)
            #expect(jobs.jobs.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func trainingSetPastTheLimitIs422(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, limits: Limits(maxTrainElements: 100)))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: #"{"generate": {"samples": 51, "features": 2}}"#)
            #expect(response.status == .unprocessableContent)
            let problem = try decode(ProblemBody.self, from: response.body)
            #expect(problem.detail.contains("100"))
        }
    }

    @Test(arguments: StoreKind.allCases) func nonFiniteTrainingFailsTheJobWithAReason(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let body = #"{"x": [[1e150, 1e150], [-1e150, -1e150]], "y": [0, 1], "epochs": 50, "learning_rate": 1e300, "seed": 1, "wait": true}"#
            let response = try await client.send(.post, "/train", json: body)
            #expect(response.status == .created)
            let job = try decode(TestJob.self, from: response.body)
            #expect(job.status == "failed")
            #expect(job.error == "the loss or a parameter became non-finite at epoch 1; try a smaller learning_rate")
            #expect(job.model_id == nil)
            #expect(job.finished_at != nil)
            let failed = try decode(TestJobList.self, from: try await client.send(.get, "/jobs?status=failed").body)
            #expect(failed.jobs.map(\.id) == [job.id])
            #expect(try decode(TestModelList.self, from: try await client.send(.get, "/models").body).models.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func divergedTrainingFailsTheJobAndKeepsNoModel(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let body = #"{"generate": {"samples": 64, "features": 2}, "seed": 42, "learning_rate": 1e300, "wait": true}"#
            let job = try decode(TestJob.self, from: try await client.send(.post, "/train", json: body).body)
            #expect(job.status == "failed")
            let error = try #require(job.error)
            // It started from the loss of the seeded initial model: the first epoch's loss of a calm run.
            let calm = #"{"generate": {"samples": 64, "features": 2}, "seed": 42, "epochs": 1, "snapshot_every": 1, "wait": true}"#
            let start = try #require(try decode(TestJob.self, from: try await client.send(.post, "/train", json: calm).body).history?.first)
            #expect(error.hasPrefix("training diverged: the loss rose from \(start.loss) to "), "\(error)")
            #expect(error.hasSuffix("; try a smaller learning_rate"))
            #expect(job.model_id == nil)
            let models = try decode(TestModelList.self, from: try await client.send(.get, "/models").body).models
            #expect(models.count == 1, "only the calm run made a model")
        }
    }

    @Test(arguments: StoreKind.allCases) func historyPastTheLimitIs422(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, limits: Limits(maxTrainElements: 1000)))
        try await app.test(.router) { client in
            let body = #"{"generate": {"samples": 2, "features": 98}, "epochs": 100, "snapshot_every": 10}"#
            let problem = try expectProblem(try await client.send(.post, "/train", json: body), status: .unprocessableContent, kind: "limit-exceeded")
            #expect(problem.detail == "10 snapshots of 98 weights hold more than the limit of 1000 numbers (--max-train-elements); raise 'snapshot_every'")
            #expect(problem.errors?.first?.pointer == "/snapshot_every")
            let fits = try await client.send(.post, "/train", json: #"{"generate": {"samples": 2, "features": 98}, "epochs": 100, "snapshot_every": 20}"#)
            #expect(fits.status == .accepted)
        }
    }

    @Test(arguments: StoreKind.allCases) func fullQueueIs429WithRetryAfter(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store, workers: 1, maxQueuedJobs: 1))
        try await app.test(.router) { client in
            let long = #"{"generate": {"samples": 64, "features": 2}, "epochs": 10000000, "snapshot_every": 0}"#
            let running = try decode(TestJob.self, from: try await client.send(.post, "/train", json: long).body)
            // A worker takes the first job before the second is sent (with PostgreSQL a claim is asynchronous), so the
            // queue holds exactly one job below.
            for _ in 0..<500 where try decode(TestJob.self, from: try await client.send(.get, "/jobs/\(running.id)").body).status != "running" {
                try await Task.sleep(for: .milliseconds(20))
            }
            let queued = try decode(TestJob.self, from: try await client.send(.post, "/train", json: long).body)
            #expect(queued.status == "queued")
            let response = try await client.send(.post, "/train", json: long)
            let problem = try expectProblem(response, status: .tooManyRequests, kind: "queue-full")
            #expect(response.headers[.retryAfter] == "5")
            #expect(problem.detail.contains("max-queued-jobs"))
            #expect(try await client.send(.delete, "/jobs/\(queued.id)").status == .accepted)
            #expect(try await client.send(.delete, "/jobs/\(running.id)").status == .accepted)
            #expect(try await client.waitForJob(running.id).status == "cancelled")
        }
    }
}
