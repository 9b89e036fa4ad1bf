/// Fresh API keys: `dsk_` and 64 hex digits of 32 bytes from the system's cryptographic random source.
public enum APIKeyGenerator {
    public static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "dsk_" + APIKeysFile.hex(bytes)
    }
}
