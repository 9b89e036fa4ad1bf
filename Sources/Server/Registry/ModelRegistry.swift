import Engine
import Foundation
import Storage
import Synchronization

/// The one in-memory copy of the committed models and aliases, shared by every request.
///
/// Reads (`/predict`, `GET /models`) take a `Mutex` for a few dictionary steps and never wait for the store.
/// Writes commit to the store first and change the copy only after the commit, one at a time (``AsyncLock``), so
/// the copy always equals what the store holds; an alias flip is one step, so a reader sees the old or the new
/// version, never neither.
final class ModelRegistry: Sendable {
    static let idPrefix = "mdl_"

    private struct State {
        var byID: [String: ModelRecord] = [:]
        /// Each name's versions, oldest first, as (version, id).
        var byName: [String: [(version: Int, id: String)]] = [:]
        /// name → alias → version.
        var aliases: [String: [String: Int]] = [:]
        /// (sequence, id), oldest first: lists run newest first and page by sequence.
        var order: [(sequence: Int64, id: String)] = []

        mutating func insert(_ model: ModelRecord) {
            byID[model.id] = model
            if let name = model.name { byName[name, default: []].append((model.version, model.id)) }
            order.append((model.sequence, model.id))
        }

        mutating func remove(_ model: ModelRecord) {
            byID[model.id] = nil
            if let name = model.name {
                byName[name]?.removeAll { $0.id == model.id }
                if byName[name]?.isEmpty == true { byName[name] = nil }
            }
            if let index = order.firstIndex(where: { $0.id == model.id }) { order.remove(at: index) }
        }

        mutating func setAlias(_ alias: AliasRecord) {
            aliases[alias.name, default: [:]][alias.alias] = alias.version
        }

        mutating func removeAlias(name: String, alias: String) {
            aliases[name]?[alias] = nil
            if aliases[name]?.isEmpty == true { aliases[name] = nil }
        }

        func find(_ reference: ModelReference) -> ModelRecord? {
            switch reference {
            case .id(let id):
                return byID[id]
            case .name(let name, let version):
                guard let versions = byName[name] else { return nil }
                let entry = version.map { wanted in versions.last { $0.version == wanted } } ?? versions.last
                return entry.flatMap { byID[$0.id] }
            case .alias(let name, let alias):
                if alias == AliasName.latest { return find(.name(name, version: nil)) }
                guard let version = aliases[name]?[alias] else { return nil }
                return find(.name(name, version: version))
            }
        }
    }

    private let state = Mutex(State())
    private let writes = AsyncLock()
    let store: any Store
    /// Where model changes are counted (`descent_models`, and a deleted model's prediction series removed).
    let metrics: ServerMetrics

    /// A registry holding what `stored` holds.
    init(store: any Store, stored: StoredState, metrics: ServerMetrics = .disabled) {
        self.store = store
        self.metrics = metrics
        let count = state.withLock { state in
            for model in stored.models { state.insert(model) }
            for alias in stored.aliases { state.setAlias(alias) }
            return state.byID.count
        }
        metrics.modelCount(count)
    }

    // MARK: Reading

    /// The model a reference names, if there is one.
    func model(_ reference: ModelReference) -> ModelRecord? {
        state.withLock { $0.find(reference) }
    }

    /// The aliases pointing at a model, sorted.
    func aliases(of model: ModelRecord) -> [String] {
        guard let name = model.name else { return [] }
        return state.withLock { state in
            (state.aliases[name] ?? [:]).filter { $0.value == model.version }.map(\.key).sorted()
        }
    }

    /// Up to `limit` models older than `cursor` (a sequence; nil: from the newest), newest first, and the cursor
    /// of the next page when there is one.
    func page(limit: Int, before cursor: Int64?) -> (models: [ModelRecord], next: Int64?) {
        state.withLock { state -> (models: [ModelRecord], next: Int64?) in
            let (models, next) = Paging.page(state.order, limit: limit, before: cursor) { state.byID[$0] }
            return (models, next)
        }
    }

    /// The versions a name has, oldest first.
    func versions(of name: String) -> [Int] {
        state.withLock { state in (state.byName[name] ?? []).map(\.version) }
    }

    /// The number of models.
    var count: Int { state.withLock { $0.byID.count } }

    // MARK: Writing

    /// Commits a finished job together with its model (which gets the next version of its name), then adds the
    /// model to the copy.
    func commit(job: JobRecord, history: [ModelSnapshot], model: NewModel) async throws(StoreError) -> ModelRecord {
        try await writes.withLock { () throws(StoreError) -> ModelRecord in
            let record = try await store.completeJob(job, history: history, model: model)
            let count = state.withLock { state in
                state.insert(record)
                return state.byID.count
            }
            metrics.modelCount(count)
            return record
        }
    }

    /// Replaces the copy with everything the store holds (what other replicas committed) and returns what it read.
    func reload() async throws(StoreError) -> StoredState {
        try await writes.withLock { () throws(StoreError) -> StoredState in
            let stored = try await store.load()
            let count = state.withLock { state in
                state = State()
                for model in stored.models { state.insert(model) }
                for alias in stored.aliases { state.setAlias(alias) }
                return state.byID.count
            }
            metrics.modelCount(count)
            return stored
        }
    }

    /// Deletes the model a reference names; with `force`, also the aliases pointing at it.
    func delete(_ reference: ModelReference, force: Bool) async throws(RegistryError) -> ModelRecord {
        try await writes.withLock { () throws(RegistryError) -> ModelRecord in
            guard let model = self.model(reference) else { throw .notFound(reference) }
            let removed: [AliasRecord]
            do throws(StoreError) {
                removed = try await store.deleteModel(id: model.id, force: force)
            } catch {
                throw .store(error)
            }
            let (count, nameRemains) = state.withLock { state in
                for alias in removed { state.removeAlias(name: alias.name, alias: alias.alias) }
                state.remove(model)
                return (state.byID.count, model.name.map { state.byName[$0] != nil } ?? false)
            }
            metrics.modelCount(count)
            metrics.modelDeleted(name: model.metricsName, version: model.version, nameRemains: nameRemains)
            return model
        }
    }

    /// Points `alias` of `name` at `version`; returns the model and whether the alias is new.
    func setAlias(_ alias: String, of name: String, to version: Int) async throws(RegistryError) -> (model: ModelRecord, created: Bool) {
        do throws(AliasName.Invalid) {
            try AliasName.check(alias)
        } catch {
            throw .invalidAlias(error)
        }
        return try await writes.withLock { () throws(RegistryError) -> (model: ModelRecord, created: Bool) in
            guard let model = self.model(.name(name, version: version)) else { throw .notFound(.name(name, version: version)) }
            let record = AliasRecord(name: name, alias: alias, version: version)
            let created: Bool
            do throws(StoreError) {
                created = try await store.setAlias(record)
            } catch {
                throw .store(error)
            }
            state.withLock { $0.setAlias(record) }
            return (model, created)
        }
    }

    /// Removes an alias.
    func removeAlias(_ alias: String, of name: String) async throws(RegistryError) {
        try await writes.withLock { () throws(RegistryError) in
            guard state.withLock({ $0.aliases[name]?[alias] }) != nil else { throw .notFound(.alias(name: name, alias: alias)) }
            do throws(StoreError) {
                try await store.removeAlias(name: name, alias: alias)
            } catch {
                throw .store(error)
            }
            state.withLock { $0.removeAlias(name: name, alias: alias) }
        }
    }
}

/// Why a registry write did not happen.
enum RegistryError: Error, Equatable {
    /// The reference names no model (or alias).
    case notFound(ModelReference)
    /// The alias name breaks ``AliasName``'s rule.
    case invalidAlias(AliasName.Invalid)
    /// The store refused or failed.
    case store(StoreError)
}

extension ModelRecord {
    /// The `model_name` label of the model's series: its name, or its id when it has none.
    var metricsName: String { name ?? id }
}
