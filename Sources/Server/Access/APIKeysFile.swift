import Foundation

/// The `--api-keys-file` format: one key a line, `name scope sha256-hex-of-the-key`; blank lines and lines starting
/// with `#` are skipped. The file holds hashes, never keys.
public enum APIKeysFile {
    /// Why a keys file cannot be used; `description` is the line `descent` prints before exiting.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(Invalid) -> [APIKeyRecord] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Invalid(description: "cannot read the API keys file \(path): \((error as NSError).localizedDescription)")
        }
        return try parse(text, source: path)
    }

    /// Parses the text of a keys file; `source` names it in errors.
    public static func parse(_ text: String, source: String = "API keys file") throws(Invalid) -> [APIKeyRecord] {
        var records: [APIKeyRecord] = []
        var names: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let at = "\(source) line \(index + 1)"
            guard fields.count == 3 else {
                throw Invalid(description: "\(at): expected `name scope sha256-hex`, got \(fields.count) fields")
            }
            let name = String(fields[0])
            guard let scope = APIKeyScope(rawValue: String(fields[1])) else {
                throw Invalid(description: "\(at): scope must be read or write, got \(fields[1])")
            }
            guard let digest = bytes(hex: fields[2]), digest.count == 32 else {
                throw Invalid(description: "\(at): the hash must be 64 hex digits (sha256 of the key)")
            }
            guard names.insert(name).inserted else {
                throw Invalid(description: "\(at): the name \(name) is used twice")
            }
            records.append(APIKeyRecord(name: name, scope: scope, digest: digest))
        }
        return records
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even-length hex string, or nil.
    static func bytes(hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
