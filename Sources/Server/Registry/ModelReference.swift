/// How a request names a model: by id (`mdl_…`), or by name with an optional version (newest when absent).
enum ModelReference: Sendable, Equatable {
    case id(String)
    case name(String, version: Int?)

    /// `ref` is an id when it starts with `mdl_` and a name otherwise.
    init(_ ref: String, version: Int?) {
        if version == nil, ref.hasPrefix(ModelRegistry.idPrefix) {
            self = .id(ref)
        } else {
            self = .name(ref, version: version)
        }
    }

    /// The words a 404 uses for it.
    var description: String {
        switch self {
        case .id(let id): return "no model with id \(id)"
        case .name(let name, version: nil): return "no model named \(name)"
        case .name(let name, version: let version?): return "no model named \(name) with version \(version)"
        }
    }
}
