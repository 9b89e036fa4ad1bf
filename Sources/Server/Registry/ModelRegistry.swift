import Engine
import Foundation
import Synchronization

/// The one in-memory model registry every request shares.
///
/// A `Mutex` guards two dictionaries (by id, and by name → versions); each operation holds it for a few dictionary
/// steps only, so `/predict` never waits behind training and never allocates in proportion to the registry.
final class ModelRegistry: Sendable {
    static let idPrefix = "mdl_"

    private struct State {
        var byID: [String: RegisteredModel] = [:]
        /// Each name's versions, oldest first, as (version, id).
        var byName: [String: [(version: Int, id: String)]] = [:]
        /// The last version handed out per name, so a deleted newest version is never reused.
        var lastVersion: [String: Int] = [:]
        /// Ids in registration order (for listing newest first).
        var order: [String] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Registers a trained model, giving it the next version of its name.
    func register(
        name: String?, model: LogisticModel, jobID: String, params: TrainingParams, metrics: Evaluation, now: Date = Date()
    ) -> RegisteredModel {
        let id = OpaqueID.make(prefix: Self.idPrefix)
        return state.withLock { state in
            var version = 1
            if let name {
                version = (state.lastVersion[name] ?? 0) + 1
                state.lastVersion[name] = version
                state.byName[name, default: []].append((version, id))
            }
            let registered = RegisteredModel(
                id: id, name: name, version: version, model: model, jobID: jobID, createdAt: now, params: params, metrics: metrics
            )
            state.byID[id] = registered
            state.order.append(id)
            return registered
        }
    }

    /// The model a reference names, if there is one.
    func model(_ reference: ModelReference) -> RegisteredModel? {
        state.withLock { state in Self.find(reference, in: state) }
    }

    /// Removes the model a reference names and returns it.
    func remove(_ reference: ModelReference) -> RegisteredModel? {
        state.withLock { state in
            guard let found = Self.find(reference, in: state) else { return nil }
            state.byID[found.id] = nil
            state.order.removeAll { $0 == found.id }
            if let name = found.name {
                state.byName[name]?.removeAll { $0.id == found.id }
                if state.byName[name]?.isEmpty == true { state.byName[name] = nil }
            }
            return found
        }
    }

    /// Every model, newest first.
    func all() -> [RegisteredModel] {
        state.withLock { state in state.order.reversed().compactMap { state.byID[$0] } }
    }

    /// The number of models.
    var count: Int { state.withLock { $0.byID.count } }

    private static func find(_ reference: ModelReference, in state: State) -> RegisteredModel? {
        switch reference {
        case .id(let id):
            return state.byID[id]
        case .name(let name, let version):
            guard let versions = state.byName[name] else { return nil }
            let entry = version.map { wanted in versions.last { $0.version == wanted } } ?? versions.last
            return entry.flatMap { state.byID[$0.id] }
        }
    }
}
