import HTTPTypes
import Synchronization

extension HTTPField.Name {
    /// `X-Request-ID`: the request's id, taken from the client when sane, echoed on every response.
    static var requestID: Self { .init("X-Request-ID")! }  // a valid token, checked by the literal's spelling
}

/// The rule for a request id a client sends: 1 to 128 visible ASCII characters (`!` through `~`); any other value is
/// replaced by one of ours.
enum RequestID {
    static let maxLength = 128

    /// The ids this process makes: a random 64-bit prefix drawn at start, then a counter from a random start, both as
    /// 16 hex digits (32 in all), as Hummingbird makes its own, so ids do not repeat across restarts and cost no
    /// system call (`UInt64.random` reads the kernel's generator each time).
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// A new id: 32 lowercase hex digits, written in one pass.
    static func generate() -> String {
        let (_, low) = counter.wrappingAdd(1, ordering: .relaxed)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            func write(_ value: UInt64, at offset: Int) {
                for digit in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * digit)) & 0xF
                    buffer[offset + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
            }
            write(prefix, at: 0)
            write(low, at: 16)
            return 32
        }
    }

    /// Whether `value` may be used as a request id.
    static func isAcceptable(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= maxLength && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The id of `request`: the client's `X-Request-ID` when acceptable, else a new one.
    static func of(_ request: HTTPRequest) -> String {
        if let given = request.headerFields[.requestID], isAcceptable(given) { return given }
        return generate()
    }
}
