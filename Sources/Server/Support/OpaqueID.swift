/// Opaque ids: a prefix (`job_`, `mdl_`) and 16 random lowercase hex digits.
enum OpaqueID {
    static func make(prefix: String) -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
