import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line (`--log-format json`): `timestamp` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, then every metadata key at the top level (`request_id` among them for
/// a line about a request), provider and handler metadata first, the call's own last.
///
/// Each line is built in full and handed to `write` in one call; the default writes it to standard error under a
/// lock, so lines from different threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { _, new in new }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = "{"
        Self.member("timestamp", .string(Self.timestamp()), into: &line, first: true)
        Self.member("level", .string(event.level.rawValue), into: &line)
        Self.member("label", .string(label), into: &line)
        Self.member("message", .string(event.message.description), into: &line)
        for key in merged.keys.sorted() where !Self.reserved.contains(key) {
            if let value = merged[key] { Self.member(key, value, into: &line) }
        }
        line += "}\n"
        write(line)
    }

    /// Keys the handler writes itself; metadata never overrides them.
    private static let reserved: Set<String> = ["timestamp", "level", "label", "message"]

    private static let lock = Mutex(())

    /// Writes a line to standard error in one `write`, under a process-wide lock.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static func timestamp() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func member(_ key: String, _ value: Logger.Metadata.Value, into line: inout String, first: Bool = false) {
        if !first { line += "," }
        appendString(key, to: &line)
        line += ":"
        appendValue(value, to: &line)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let string): appendString(string, to: &line)
        case .stringConvertible(let value): appendString(value.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        case .dictionary(let members):
            line += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                appendString(key, to: &line)
                line += ":"
                if let member = members[key] { appendValue(member, to: &line) } else { line += "null" }
            }
            line += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is (UTF-8).
    static func appendString(_ string: String, to line: inout String) {
        line += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                line += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
