import Engine
import Foundation
import Storage
import Testing

@testable import Server

@Suite struct ModelRegistryTests {
    static let params = TrainingParams(epochs: 1, learningRate: 0.1, seed: 1, snapshotEvery: 0, samples: 1, features: 2)
    static let evaluation = Evaluation(loss: 0.5, accuracy: 1)

    static func register(_ registry: ModelRegistry, _ name: String?) async throws -> ModelRecord {
        let job = JobRecord(id: OpaqueID.make(prefix: JobRunner.idPrefix), name: name, params: params, createdAt: Date())
        let model = NewModel(
            id: OpaqueID.make(prefix: ModelRegistry.idPrefix), name: name, model: LogisticModel(weights: [1, 2], bias: 3),
            createdAt: Date(), metrics: evaluation)
        return try await registry.commit(job: job, history: [], model: model)
    }

    static func emptyRegistry() -> ModelRegistry {
        ModelRegistry(store: MemoryStore(), stored: StoredState())
    }

    @Test func versionsCountPerNameAndRefsResolve() async throws {
        let registry = Self.emptyRegistry()
        let a1 = try await Self.register(registry, "a")
        let b1 = try await Self.register(registry, "b")
        let a2 = try await Self.register(registry, "a")
        let unnamed = try await Self.register(registry, nil)
        #expect([a1.version, b1.version, a2.version, unnamed.version] as [Int] == [1, 1, 2, 1])
        #expect(registry.model(.name("a", version: nil))?.id == a2.id)
        #expect(registry.model(.name("a", version: 1))?.id == a1.id)
        #expect(registry.model(.alias(name: "a", alias: "latest"))?.id == a2.id)
        #expect(registry.model(.id(unnamed.id))?.label == unnamed.id)
        #expect(registry.model(.name("a", version: 3)) == nil)
        #expect(registry.page(limit: 10, before: nil).models.map(\.id) == [unnamed.id, a2.id, b1.id, a1.id])
        #expect(registry.count == 4)
        #expect(a2.label == "a v2")
    }

    @Test func pagesRunNewestFirstAndEndWithoutACursor() async throws {
        let registry = Self.emptyRegistry()
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try await Self.register(registry, "p").id) }
        let first = registry.page(limit: 2, before: nil)
        #expect(first.models.map(\.id) == [ids[4], ids[3]])
        let second = registry.page(limit: 2, before: first.next)
        #expect(second.models.map(\.id) == [ids[2], ids[1]])
        let third = registry.page(limit: 2, before: second.next)
        #expect(third.models.map(\.id) == [ids[0]])
        #expect(third.next == nil)
    }

    @Test func removingTheNewestLeavesTheOlderAndNeverReusesAVersion() async throws {
        let registry = Self.emptyRegistry()
        let a1 = try await Self.register(registry, "a")
        let a2 = try await Self.register(registry, "a")
        #expect(try await registry.delete(.name("a", version: nil), force: false).id == a2.id)
        #expect(registry.model(.name("a", version: nil))?.id == a1.id)
        #expect(try await Self.register(registry, "a").version == 3)
        await #expect(throws: RegistryError.notFound(.id("mdl_missing"))) {
            try await registry.delete(.id("mdl_missing"), force: false)
        }
    }

    @Test func aliasesPointAtVersionsAndGuardDeletes() async throws {
        let registry = Self.emptyRegistry()
        let v1 = try await Self.register(registry, "churn")
        let v2 = try await Self.register(registry, "churn")
        #expect(try await registry.setAlias("production", of: "churn", to: 1).created)
        #expect(registry.model(.alias(name: "churn", alias: "production"))?.id == v1.id)
        #expect(registry.aliases(of: v1) == ["production"])
        #expect(try await registry.setAlias("production", of: "churn", to: 2).created == false)
        #expect(registry.model(.alias(name: "churn", alias: "production"))?.id == v2.id)
        #expect(registry.aliases(of: v1).isEmpty)
        await #expect(throws: RegistryError.store(.aliased(model: "churn v2", aliases: ["production"]))) {
            try await registry.delete(.id(v2.id), force: false)
        }
        #expect(try await registry.delete(.id(v2.id), force: true).id == v2.id)
        #expect(registry.model(.alias(name: "churn", alias: "production")) == nil)
        await #expect(throws: RegistryError.notFound(.name("churn", version: 7))) {
            try await registry.setAlias("staging", of: "churn", to: 7)
        }
        await #expect(throws: RegistryError.invalidAlias(.reserved)) { try await registry.setAlias("latest", of: "churn", to: 1) }
        await #expect(throws: RegistryError.invalidAlias(.malformed("Prod"))) { try await registry.setAlias("Prod", of: "churn", to: 1) }
        await #expect(throws: RegistryError.notFound(.alias(name: "churn", alias: "gone"))) {
            try await registry.removeAlias("gone", of: "churn")
        }
    }

    @Test func referencesParseIdsNamesAliasesAndRejectAVersionWithAnId() throws {
        #expect(try ModelReference("mdl_0123", version: nil) == .id("mdl_0123"))
        #expect(try ModelReference("churn", version: nil) == .name("churn", version: nil))
        #expect(try ModelReference("churn", version: 2) == .name("churn", version: 2))
        #expect(try ModelReference("churn@production", version: nil) == .alias(name: "churn", alias: "production"))
        #expect(throws: ModelReference.Invalid.versionWithoutName("mdl_0123")) { try ModelReference("mdl_0123", version: 2) }
        #expect(throws: ModelReference.Invalid.versionWithoutName("a@b")) { try ModelReference("a@b", version: 2) }
    }

    @Test func registryIsSafeUnderConcurrentUse() async throws {
        let registry = Self.emptyRegistry()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let model = try await Self.register(registry, "n\(index % 4)")
                    _ = registry.model(.id(model.id))
                    _ = registry.page(limit: 10, before: nil)
                }
            }
            try await group.waitForAll()
        }
        #expect(registry.count == 200)
        #expect(registry.model(.name("n0", version: nil))?.version == 50)
    }
}
