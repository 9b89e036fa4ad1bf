import Engine
import Foundation
import Testing

@testable import Server

@Suite struct ModelRegistryTests {
    static let params = TrainingParams(epochs: 1, learningRate: 0.1, seed: 1, snapshotEvery: 0, samples: 1, features: 2)

    static let evaluation: Evaluation = {
        let model = LogisticModel(weights: [1, 2], bias: 3)
        // A one-row set the model fits: the metrics are whatever the engine says.
        guard let set = try? TrainingSet(x: NDArray(shape: [1, 2], data: [1, 1]), y: NDArray(shape: [1], data: [1])) else {
            preconditionFailure("a valid training set")
        }
        return GradientDescent.evaluate(model, on: set)
    }()

    static func register(_ registry: ModelRegistry, _ name: String?) -> RegisteredModel {
        registry.register(
            name: name, model: LogisticModel(weights: [1, 2], bias: 3), jobID: "job_x", params: params,
            metrics: evaluation
        )
    }

    @Test func versionsCountPerNameAndRefsResolve() {
        let registry = ModelRegistry()
        let a1 = Self.register(registry, "a")
        let b1 = Self.register(registry, "b")
        let a2 = Self.register(registry, "a")
        let unnamed = Self.register(registry, nil)
        #expect([a1.version, b1.version, a2.version, unnamed.version] as [Int] == [1, 1, 2, 1])
        #expect(registry.model(.name("a", version: nil))?.id == a2.id)
        #expect(registry.model(.name("a", version: 1))?.id == a1.id)
        #expect(registry.model(.id(unnamed.id))?.label == unnamed.id)
        #expect(registry.model(.name("a", version: 3)) == nil)
        #expect(registry.all().map(\.id) == [unnamed.id, a2.id, b1.id, a1.id])
        #expect(registry.count == 4)
        #expect(a2.label == "a v2")
    }

    @Test func removingTheNewestLeavesTheOlderAndNeverReusesAVersion() {
        let registry = ModelRegistry()
        let a1 = Self.register(registry, "a")
        let a2 = Self.register(registry, "a")
        #expect(registry.remove(.name("a", version: nil))?.id == a2.id)
        #expect(registry.model(.name("a", version: nil))?.id == a1.id)
        #expect(Self.register(registry, "a").version == 3)
        #expect(registry.remove(.id("mdl_missing")) == nil)
    }

    @Test func refsStartingWithThePrefixAreIds() {
        #expect(ModelReference("mdl_0123", version: nil) == .id("mdl_0123"))
        #expect(ModelReference("churn", version: nil) == .name("churn", version: nil))
        #expect(ModelReference("mdl_0123", version: 2) == .name("mdl_0123", version: 2))
    }

    @Test func registryIsSafeUnderConcurrentUse() async {
        let registry = ModelRegistry()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let model = Self.register(registry, "n\(index % 4)")
                    _ = registry.model(.id(model.id))
                    _ = registry.all()
                }
            }
        }
        #expect(registry.count == 200)
        #expect(registry.model(.name("n0", version: nil))?.version == 50)
    }
}
