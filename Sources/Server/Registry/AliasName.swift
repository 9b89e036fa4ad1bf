/// The rule for alias names: `[a-z][a-z0-9_-]{0,62}`, and not `latest`, which always means the newest version.
enum AliasName {
    static let latest = "latest"
    static let maxLength = 63

    /// Why a name cannot be an alias.
    enum Invalid: Error, Equatable {
        case malformed(String)
        case reserved
    }

    static func check(_ alias: String) throws(Invalid) {
        let bytes = Array(alias.utf8)
        let isLetter = { (byte: UInt8) in byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        let isRest = { (byte: UInt8) in
            isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        guard let first = bytes.first, isLetter(first), bytes.count <= maxLength, bytes.dropFirst().allSatisfy(isRest) else {
            throw .malformed(alias)
        }
        guard alias != latest else { throw .reserved }
    }
}
