import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line (`--log-format json`): `timestamp` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, then every metadata key at the top level (`request_id` among them for
/// a line about a request), provider and handler metadata first, the call's own last.
///
/// Each line is built in full and handed to `write` in one call; the default queues it on
/// ``LogLineWriter/standardError``, so lines from different threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void = LogLineWriter.standardError.append) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Every source's pairs in one array, sorted by key and then by precedence (the call's own, the handler's, the
        // provider's), so the first of each key wins: cheaper than merging dictionaries for every line.
        var pairs: [(key: String, rank: Int, value: Logger.Metadata.Value)] = []
        pairs.reserveCapacity(metadata.count + (event.metadata?.count ?? 0) + 4)
        if let extra = event.metadata { pairs.append(contentsOf: extra.lazy.map { ($0.key, 0, $0.value) }) }
        pairs.append(contentsOf: metadata.lazy.map { ($0.key, 1, $0.value) })
        if let provided = metadataProvider?.get() { pairs.append(contentsOf: provided.lazy.map { ($0.key, 2, $0.value) }) }
        pairs.sort { $0.key != $1.key ? $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) : $0.rank < $1.rank }
        // Built as UTF-8 bytes: most strings need no escaping and are copied whole.
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"timestamp":""#.utf8)
        Self.appendTimestamp(to: &line)
        line.append(UInt8(ascii: "\""))
        Self.member("level", .string(event.level.rawValue), into: &line)
        Self.member("label", .string(label), into: &line)
        Self.member("message", .string(event.message.description), into: &line)
        var previous: String?
        for (key, _, value) in pairs where key != previous {
            previous = key
            if !Self.reserved.contains(key) { Self.member(key, value, into: &line) }
        }
        line.append(UInt8(ascii: "}"))
        line.append(UInt8(ascii: "\n"))
        write(String(decoding: line, as: UTF8.self))
    }

    /// Keys the handler writes itself; metadata never overrides them.
    private static let reserved: Set<String> = ["timestamp", "level", "label", "message"]

    /// Now as `2026-12-02T04:14:09.624Z`, from `clock_gettime` and `gmtime_r`, written digit by digit: Foundation's
    /// ISO 8601 formatting costs several microseconds, and this runs for every line.
    static func appendTimestamp(to line: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); line.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); line.append(UInt8(ascii: "."))
        digits(Int(now.tv_nsec) / 1_000_000, 3); line.append(UInt8(ascii: "Z"))
    }

    private static func member(_ key: String, _ value: Logger.Metadata.Value, into line: inout [UInt8], first: Bool = false) {
        line.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        appendString(key, to: &line)
        line.append(UInt8(ascii: ":"))
        appendValue(value, to: &line)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let string): appendString(string, to: &line)
        case .stringConvertible(let value): appendString(value.description, to: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendValue(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let members):
            line.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendString(key, to: &line)
                line.append(UInt8(ascii: ":"))
                if let member = members[key] { appendValue(member, to: &line) } else { line.append(contentsOf: "null".utf8) }
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is (UTF-8).
    static func appendString(_ string: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            line.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): line.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): line.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): line.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): line.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): line.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    line.append(contentsOf: "\\u00".utf8)
                    if hex.count < 2 { line.append(UInt8(ascii: "0")) }
                    line.append(contentsOf: hex.utf8)
                default: line.append(byte)
                }
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
