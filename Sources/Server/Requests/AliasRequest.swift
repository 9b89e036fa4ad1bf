import Wire
/// The body of `PUT /models/{name}/aliases/{alias}`: `{"version": n}`, n ≥ 1.
struct AliasRequest {
    let version: Int

    init(json: JSONValue) throws(WireError) {
        let body = try ObjectMembers(json, allowed: ["version"])
        guard let version = try body.integer("version") else { throw body.missing("version") }
        guard version >= 1 else {
            throw WireError.unprocessable("'version' must be at least 1, got \(version)", pointer: body.pointer("version"))
        }
        self.version = version
    }
}
