/// The members of one JSON object in a request, read by name with type checks.
///
/// Construction rejects a non-object (400) and the first unknown member (400 naming it, with its pointer).
/// Accessors return nil for an absent member or `null`, and throw 400 naming the member and the expected
/// type when it has another type.
public struct ObjectMembers {
    /// The pointer of the object itself: "" for the body, "/generate" for a nested object.
    public let pointer: String
    private let members: [(key: String, value: JSONValue)]

    public init(_ value: JSONValue, allowed: Set<String>, pointer: String = "", name: String? = nil) throws(WireError) {
        guard case .object(let members) = value else {
            if let name {
                throw WireError.badRequest("'\(name)' must be an object, found \(value.kindDescription)", pointer: pointer)
            }
            throw WireError.badRequest("Request body must be a JSON object, found \(value.kindDescription)")
        }
        for (key, _) in members where !allowed.contains(key) {
            let location = name.map { " in '\($0)'" } ?? ""
            throw WireError.badRequest("unknown member '\(key)'\(location)", pointer: JSONPointer.member(pointer, key))
        }
        self.pointer = pointer
        self.members = members
    }

    /// The pointer of member `key`.
    public func pointer(_ key: String) -> String {
        JSONPointer.member(pointer, key)
    }

    /// The member's value; nil when absent or `null`.
    public func value(_ key: String) -> JSONValue? {
        for (name, value) in members where name == key {
            if case .null = value { return nil }
            return value
        }
        return nil
    }

    public func has(_ key: String) -> Bool {
        value(key) != nil
    }

    public func wrongType(_ key: String, expected: String, found value: JSONValue) -> WireError {
        let found: String
        switch value {
        case .number(let number): found = "\(number)"
        default: found = value.kindDescription
        }
        return WireError.badRequest("'\(key)' must be \(expected), found \(found)", pointer: pointer(key))
    }

    public func missing(_ key: String) -> WireError {
        WireError.badRequest("missing member '\(key)'", pointer: pointer(key))
    }

    /// An integer member: only integer tokens (`100`, not `100.0` or `1e2`).
    ///
    /// Integral values beyond `Int` saturate to `Int.min`/`Int.max`, so the member's range check reports them.
    public func integer(_ key: String) throws(WireError) -> Int? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let integer):
            return integer
        case .number(let number) where number.rounded(.towardZero) == number && Int(exactly: number) == nil && number.isFinite:
            return number < 0 ? Int.min : Int.max
        default:
            throw wrongType(key, expected: "an integer", found: value)
        }
    }

    /// How a number member was sent, for messages: `1e+30` stays `1e+30`, not the `Int` it was clamped to.
    public func sent(_ key: String) -> String {
        switch value(key) {
        case .integer(let integer): String(integer)
        case .number(let number): NonFiniteSpelling.text(of: number)
        default: "nothing"
        }
    }

    /// A number member (integer or not); may be infinite when the token overflowed (`1e999`).
    public func number(_ key: String) throws(WireError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue else { throw wrongType(key, expected: "a number", found: value) }
        return number
    }

    public func string(_ key: String) throws(WireError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, expected: "a string", found: value) }
        return text
    }

    public func bool(_ key: String) throws(WireError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, expected: "a boolean", found: value) }
        return flag
    }
}
