import HTTPTypes

extension HTTPField.Name {
    /// `X-Request-ID`: the request's id, taken from the client when sane, echoed on every response.
    static var requestID: Self { .init("X-Request-ID")! }  // a valid token, checked by the literal's spelling
}

/// The rule for a request id a client sends: 1 to 128 visible ASCII characters (`!` through `~`); any other value is
/// replaced by one of ours.
enum RequestID {
    static let maxLength = 128

    /// A new id: 16 random hex digits (Hummingbird makes one for every request; this is for when it did not).
    static func generate() -> String {
        let hex = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether `value` may be used as a request id.
    static func isAcceptable(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= maxLength && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
