/// An alias as JSON: `{"name", "alias", "version", "model_id"}`.
struct AliasResponse: Encodable {
    let name: String
    let alias: String
    let version: Int
    let modelID: String

    enum CodingKeys: String, CodingKey {
        case name, alias, version
        case modelID = "model_id"
    }
}
