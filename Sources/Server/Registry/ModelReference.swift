import Storage

/// How a request names a model: by id (`mdl_…`), by name (its newest version), by `name@alias`, or by name and
/// version.
enum ModelReference: Sendable, Equatable {
    case id(String)
    case name(String, version: Int?)
    case alias(name: String, alias: String)

    /// Why a reference cannot be used.
    enum Invalid: Error, Equatable {
        /// An id (or an alias) given together with a version.
        case versionWithoutName(String)
    }

    /// `ref` is an id when it starts with `mdl_`, `name@alias` when it has an `@`, a name otherwise; `version` goes
    /// with a plain name only.
    init(_ ref: String, version: Int?) throws(Invalid) {
        if ref.hasPrefix(ModelRegistry.idPrefix) {
            guard version == nil else { throw .versionWithoutName(ref) }
            self = .id(ref)
        } else if let at = ref.firstIndex(of: "@") {
            guard version == nil else { throw .versionWithoutName(ref) }
            self = .alias(name: String(ref[..<at]), alias: String(ref[ref.index(after: at)...]))
        } else {
            self = .name(ref, version: version)
        }
    }

    /// The words a 404 uses for it.
    var notFoundDescription: String {
        switch self {
        case .id(let id): "no model with id \(id)"
        case .name(let name, version: nil): "no model named \(name)"
        case .name(let name, version: let version?): "no model named \(name) with version \(version)"
        case .alias(let name, let alias): "no model \(name)@\(alias)"
        }
    }
}
