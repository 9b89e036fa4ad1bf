import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// `/train`, `/jobs`, `/models` and `/predict` with the options beyond the notebook (`models.md`).
@Suite struct ModelTrainingRoutesTests {
    static let softmax =
        #"{\#(ModelFixtures.threeClustersMembers), "model": "softmax", "standardize": true, "epochs": 300, "learning_rate": 0.5, "#
        + #""seed": 3, "snapshot_every": 100, "name": "clusters", "wait": true}"#

    @Test(arguments: StoreKind.allCases) func softmaxOnASeparableSetTrainsPredictsAndReports(store: StoreKind) async throws {
        let app = try await buildApplication(configuration: testConfiguration(store: store))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: Self.softmax)
            #expect(response.status == .created)
            let job = try ModelJSON(response.body)
            #expect(job.string("status") == "succeeded")
            let params = try #require(job.member("params"))
            #expect(params.string("model") == "softmax" && params.bool("standardize") == true && params.double("l2") == 0)
            #expect(params.member("optimizer")?.string("name") == "gd")
            #expect(params.string("precision") == "exact")
            let history = try #require(job.members("history"))
            #expect(history.map { $0.int("epoch") } == [100, 200, 300])
            #expect(history.allSatisfy { $0.doubles("b")?.count == 3 && $0.doubles("w")?.count == 6 && $0["val_loss"] == nil })
            #expect(job.int("best_epoch") == nil && job.bool("stopped_early") == false)

            let modelID = try #require(job.string("model_id"))
            let model = try ModelJSON(try await client.send(.get, "/models/\(modelID)").body)
            #expect(model.string("model") == "softmax" && model.int("classes") == 3 && model.int("features") == 2)
            #expect(model.rows("w")?.count == 2 && model.rows("w")?.allSatisfy { $0.count == 3 } == true)
            #expect(model.doubles("b")?.count == 3)
            #expect(model.member("standardization")?.doubles("mean")?.count == 2)
            let metrics = try #require(model.member("metrics"))
            #expect(metrics.double("accuracy") == 1 && metrics.double("macro_f1") == 1)
            #expect(metrics.intRows("confusion_matrix") == [[10, 0, 0], [0, 10, 0], [0, 0, 10]])
            #expect(metrics["roc_auc"] == nil && metrics["precision"] == nil)
            #expect((metrics.double("loss") ?? 1) < 0.1)
            #expect(model["val_metrics"] == nil && model.bool("stopped_early") == false)
            #expect(model.keys.contains("best_epoch"))

            let predicted = try await client.send(.post, "/predict", json: #"{"model": "clusters", "x": [[0.1, 0.1], [4.1, 0.1], [0.1, 4.1], [0, 0]]}"#)
            #expect(predicted.status == .ok)
            let prediction = try ModelJSON(predicted.body)
            #expect(prediction.ints("labels") == [0, 1, 2, 0])
            let rows = try #require(prediction.rows("probabilities"))
            #expect(rows.count == 4 && rows.allSatisfy { $0.count == 3 && abs($0.reduce(0, +) - 1) < 1e-12 })
            #expect(rows[1][1] > 0.9)

            let one = try ModelJSON(try await client.send(.post, "/predict", json: #"{"model": "clusters", "x": [4, 0]}"#).body)
            #expect(one.ints("labels") == [1] && one.rows("probabilities")?.count == 1)
        }
    }

    @Test func aThresholdWithASoftmaxModelIs422AtThreshold() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            #expect(try await client.send(.post, "/train", json: Self.softmax).status == .created)
            let response = try await client.send(.post, "/predict", json: #"{"model": "clusters", "x": [[0, 0]], "threshold": 0.5}"#)
            let problem = try expectProblem(response, status: .unprocessableContent, kind: "invalid-value")
            #expect(problem.pointer == "/threshold")
            let wrongWidth = try await client.send(.post, "/predict", json: #"{"model": "clusters", "x": [[0, 0, 1]]}"#)
            #expect(try expectProblem(wrongWidth, status: .unprocessableContent, kind: "feature-mismatch").pointer == "/x")
        }
    }

    static let invalid: [(members: String, pointer: String)] = [
        (#""model": "tree""#, "/model"),
        (#""model": "softmax", "classes": 1"#, "/classes"),
        (#""classes": 3"#, "/classes"),
        (#""model": "softmax", "classes": 2"#, "/y/20"),
        (#""l2": -1"#, "/l2"),
        (#""optimizer": {"name": "rmsprop"}"#, "/optimizer/name"),
        (#""optimizer": {"name": "sgd", "batch_size": 31}"#, "/optimizer/batch_size"),
        (#""optimizer": {"name": "sgd", "beta1": 0.9}"#, "/optimizer/beta1"),
        (#""optimizer": {"batch_size": 8}"#, "/optimizer/batch_size"),
        (#""optimizer": {"name": "adam", "beta2": 1}"#, "/optimizer/beta2"),
        (#""optimizer": {"name": "momentum", "momentum": -0.1}"#, "/optimizer/momentum"),
        (#""validation": {"fraction": 1.5}"#, "/validation/fraction"),
        (#""validation": {"x": [[1, 2, 3]], "y": [0]}"#, "/validation/x"),
        (#""validation": {"x": [[1, 2]], "y": [0, 1]}"#, "/validation/y"),
        (#""early_stopping": {"patience": 0}"#, "/early_stopping/patience"),
        (#""early_stopping": {"min_delta": -1}"#, "/early_stopping/min_delta"),
        (#""standardize": true, "precision": "fast""#, "/precision"),
    ]

    @Test(arguments: invalid) func eachBadValueIs422WithItsPointerAndRegistersNothing(members: String, pointer: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            // Softmax targets by default: the three clusters' ids, except where the case sets the model.
            let y = members.contains("softmax") ? ModelFixtures.threeClusters.y : ModelFixtures.threeClusters.y.map { min($0, 1) }
            let body = #"{"x": \#(ModelFixtures.json(ModelFixtures.threeClusters.x)), "y": \#(ModelFixtures.json(y)), \#(members), "wait": true}"#
            let response = try await client.send(.post, "/train", json: body)
            #expect(response.status == .unprocessableContent, "\(members)")
            let problem = try decode(ProblemBody.self, from: response.body)
            #expect(problem.pointer == pointer, "\(members): \(problem.detail)")
            let jobs = try ModelJSON(try await client.send(.get, "/jobs").body)
            #expect(jobs.members("jobs")?.isEmpty == true)
            let models = try ModelJSON(try await client.send(.get, "/models").body)
            #expect(models.members("models")?.isEmpty == true)
        }
    }

    static let malformed: [(members: String, pointer: String)] = [
        (#""model": 3"#, "/model"),
        (#""standardize": "yes""#, "/standardize"),
        (#""optimizer": "adam""#, "/optimizer"),
        (#""optimizer": {"name": "adam", "lr": 0.1}"#, "/optimizer/lr"),
        (#""validation": {"fraction": 0.2, "x": [[1, 2]], "y": [0]}"#, "/validation/fraction"),
        (#""validation": {"x": [[1, 2]]}"#, "/validation/y"),
        (#""early_stopping": {"patience": 2.5}"#, "/early_stopping/patience"),
        (#""early_stopping": {"after": 3}"#, "/early_stopping/after"),
    ]

    @Test(arguments: malformed) func wrongTypesAndUnknownMembersAre400(members: String, pointer: String) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/train", json: #"{\#(ModelFixtures.twoClustersMembers), \#(members)}"#)
            #expect(response.status == .badRequest, "\(members)")
            #expect(try decode(ProblemBody.self, from: response.body).pointer == pointer, "\(members)")
        }
    }

    @Test func anAdamRunWithASeedIsReproducible() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        let body =
            #"{\#(ModelFixtures.twoClustersMembers), "optimizer": {"name": "adam", "batch_size": 8}, "l2": 0.01, "epochs": 40, "#
            + #""learning_rate": 0.05, "seed": 9, "name": "adam", "wait": true}"#
        try await app.test(.router) { client in
            let first = try ModelJSON(try await client.send(.post, "/train", json: body).body)
            let second = try ModelJSON(try await client.send(.post, "/train", json: body).body)
            #expect(first.string("status") == "succeeded" && second.string("status") == "succeeded")
            #expect(first.member("params")?.member("optimizer")?.int("batch_size") == 8)
            let one = try ModelJSON(try await client.send(.get, "/models/adam?version=1").body)
            let two = try ModelJSON(try await client.send(.get, "/models/adam?version=2").body)
            #expect(one.string("model") == "logistic" && one.doubles("w")?.count == 2 && one.double("b") != nil)
            #expect(one.doubles("w") == two.doubles("w") && one.double("b") == two.double("b"))
            #expect(one.member("metrics")?.double("loss") == two.member("metrics")?.double("loss"))
            #expect(first.members("history")?.map { $0.double("loss") } == second.members("history")?.map { $0.double("loss") })
        }
    }

    @Test func validationAndEarlyStoppingAreReported() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        let body =
            #"{\#(ModelFixtures.twoClustersMembers), "validation": {"fraction": 0.25}, "early_stopping": {"patience": 3, "min_delta": 0.01}, "#
            + #""epochs": 2000, "learning_rate": 0.5, "seed": 4, "snapshot_every": 1, "wait": true}"#
        try await app.test(.router) { client in
            let job = try ModelJSON(try await client.send(.post, "/train", json: body).body)
            #expect(job.string("status") == "succeeded")
            #expect(job.bool("stopped_early") == true)
            let bestEpoch = try #require(job.int("best_epoch"))
            let epoch = try #require(job.int("epoch"))
            #expect(bestEpoch >= 1 && epoch < 2000 && epoch == bestEpoch + 3)
            let history = try #require(job.members("history"))
            #expect(history.count == epoch && history.allSatisfy { $0.double("val_loss") != nil && $0.double("b") != nil })
            #expect(job.member("params")?.member("validation")?.double("fraction") == 0.25)
            #expect(job.member("params")?.member("early_stopping")?.int("patience") == 3)

            let model = try ModelJSON(try await client.send(.get, "/models/\(try #require(job.string("model_id")))").body)
            #expect(model.int("best_epoch") == bestEpoch && model.bool("stopped_early") == true)
            let metrics = try #require(model.member("metrics"))
            let validation = try #require(model.member("val_metrics"))
            for body in [metrics, validation] {
                #expect(body.keys == ["loss", "accuracy", "roc_auc", "precision", "recall", "f1", "confusion_matrix"])
                #expect(body.intRows("confusion_matrix")?.count == 2)
            }
            #expect(metrics.intRows("confusion_matrix")?.joined().reduce(0, +) == 60)
            #expect(validation.intRows("confusion_matrix")?.joined().reduce(0, +) == 20)
            #expect(validation.double("loss") == history[bestEpoch - 1].double("val_loss"))
        }
    }

    @Test func aNotebookBodyKeepsItsMembers() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let job = try ModelJSON(try await client.send(.post, "/train", json: #"{\#(ModelFixtures.twoClustersMembers), "epochs": 5, "wait": true}"#).body)
            #expect(job.keys == [
                "id", "status", "name", "model_id", "epoch", "epochs", "progress", "loss", "params", "history", "error", "created_at",
                "started_at", "finished_at", "resumed_from", "resumes",
            ])
            #expect(job.member("params")?.keys == ["epochs", "learning_rate", "seed", "snapshot_every", "samples", "features", "precision"])
            let model = try ModelJSON(try await client.send(.get, "/models/\(try #require(job.string("model_id")))").body)
            #expect(model.keys == ["id", "name", "version", "features", "w", "b", "job_id", "created_at", "params", "metrics", "aliases"])
            #expect(model.member("metrics")?.keys == ["loss", "accuracy"])
        }
    }
}
