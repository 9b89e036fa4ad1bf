import Foundation
import Logging
import Wire

/// A swift-log handler that writes one JSON object per line (`--log-format json`): `timestamp` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, then every metadata key at the top level (`request_id` among them for
/// a line about a request), provider and handler metadata first, the call's own last.
///
/// Each line is built in full and handed over in one call: queued on a ``LogLineWriter`` (by default
/// ``LogLineWriter/standardError``), so lines from different threads never interleave, or given to a `write` closure.
/// Access-log lines take a shorter way (``logAccess(_:)``).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: Sink

    /// Where finished lines go.
    private enum Sink: Sendable {
        case writer(LogLineWriter)
        case strings(@Sendable (String) -> Void)
    }

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, writer: LogLineWriter = .standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = .writer(writer)
    }

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = .strings(write)
    }

    /// Builds a line with `body` and hands it over.
    private func emit(_ body: (inout LogLine) -> Void) {
        LogLine.build(body) { bytes in
            switch sink {
            case .writer(let writer): writer.append(bytes: bytes)
            case .strings(let write): write(String(decoding: bytes, as: UTF8.self))
            }
        }
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
        emit { line in
            line.appendStatic(#"{"timestamp":""#)
            Self.appendTimestamp(to: &line)
            line.appendJSONByte(UInt8(ascii: "\""))
            Self.member("level", .string(event.level.rawValue), into: &line)
            Self.member("label", .string(label), into: &line)
            Self.member("message", .string(event.message.description), into: &line)
            var previous: String?
            for (key, _, value) in pairs where key != previous {
                previous = key
                if !Self.reserved.contains(key) { Self.member(key, value, into: &line) }
            }
            line.appendStatic("}\n")
        }
    }

    /// Keys the handler writes itself; metadata never overrides them.
    private static let reserved: Set<String> = ["timestamp", "level", "label", "message"]

    /// Keys an access-log line writes itself: the handler's and the entry's.
    private static let accessLineKeys = reserved.union(AccessLogEntry.keys)

    /// Now as `2026-12-02T04:14:09.624Z`, from `clock_gettime`, written digit by digit: Foundation's ISO 8601
    /// formatting costs several microseconds, and glibc's `gmtime_r` takes a process-wide lock; this runs for every line.
    static func appendTimestamp(to line: inout some JSONTextSink) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        appendTimestamp(seconds: Int(now.tv_sec), milliseconds: Int(now.tv_nsec) / 1_000_000, to: &line)
    }

    /// `seconds` since 1970 (UTC) and the milliseconds as `YYYY-MM-DDThh:mm:ss.mmmZ`; the date by Howard Hinnant's
    /// `civil_from_days`, exact for every day of the proleptic Gregorian calendar.
    static func appendTimestamp(seconds: Int, milliseconds: Int, to line: inout some JSONTextSink) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Written in place, then appended in one piece; every division is by a constant, which the compiler turns
        // into a multiplication.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { bytes in
            func two(_ value: Int, at index: Int, then separator: UInt8) {
                bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10 % 10)
                bytes[index + 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                bytes[index + 2] = separator
            }
            bytes[0] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: year / 1000 % 10)
            bytes[1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: year / 100 % 10)
            two(year, at: 2, then: UInt8(ascii: "-"))
            two(month, at: 5, then: UInt8(ascii: "-"))
            two(day, at: 8, then: UInt8(ascii: "T"))
            two(secondOfDay / 3600, at: 11, then: UInt8(ascii: ":"))
            two(secondOfDay / 60 % 60, at: 14, then: UInt8(ascii: ":"))
            two(secondOfDay % 60, at: 17, then: UInt8(ascii: "."))
            bytes[20] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: milliseconds / 100 % 10)
            two(milliseconds, at: 21, then: UInt8(ascii: "Z"))
            line.appendJSONBytes(UnsafeBufferPointer(bytes))
        }
    }

    private static func member(_ key: String, _ value: Logger.Metadata.Value, into line: inout LogLine) {
        line.appendJSONByte(UInt8(ascii: ","))
        JSONTextWriter.writeString(key, into: &line)
        line.appendJSONByte(UInt8(ascii: ":"))
        appendValue(value, to: &line)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout LogLine) {
        switch value {
        case .string(let string): JSONTextWriter.writeString(string, into: &line)
        case .stringConvertible(let value): JSONTextWriter.writeString(value.description, into: &line)
        case .array(let values):
            line.appendJSONByte(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.appendJSONByte(UInt8(ascii: ",")) }
                appendValue(element, to: &line)
            }
            line.appendJSONByte(UInt8(ascii: "]"))
        case .dictionary(let members):
            line.appendJSONByte(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { line.appendJSONByte(UInt8(ascii: ",")) }
                JSONTextWriter.writeString(key, into: &line)
                line.appendJSONByte(UInt8(ascii: ":"))
                if let member = members[key] { appendValue(member, to: &line) } else { line.appendStatic("null") }
            }
            line.appendJSONByte(UInt8(ascii: "}"))
        }
    }
}

extension JSONLogHandler {
    /// Writes `entry`'s access-log line at `info`, with the handler's own and its provider's metadata: the line that
    /// swift-log's way (`info(entry.message, metadata: entry.metadata)`) would write, built from the fields directly.
    func logAccess(_ entry: AccessLogEntry) {
        guard logLevel <= .info else { return }
        // The common case, no other metadata: no list to build and sort.
        if metadata.isEmpty, metadataProvider == nil {
            writeAccessLine(entry, others: EmptyCollection())
            return
        }
        let provided = metadataProvider.map { $0.get() } ?? [:]
        // The handler's and the provider's metadata, sorted, the handler's first for a key in both; a key the entry or
        // the handler writes itself is left out.
        var others: [(key: String, value: Logger.Metadata.Value)] = []
        others.reserveCapacity(metadata.count + provided.count)
        for (key, value) in metadata where !Self.accessLineKeys.contains(key) {
            others.append((key, value))
        }
        for (key, value) in provided where metadata[key] == nil && !Self.accessLineKeys.contains(key) {
            others.append((key, value))
        }
        others.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        writeAccessLine(entry, others: others)
    }

    /// Writes `entry`'s line with `others` (sorted by key) merged among the entry's members.
    private func writeAccessLine(_ entry: AccessLogEntry, others: some Collection<(key: String, value: Logger.Metadata.Value)>) {
        emit { line in
            line.appendStatic(#"{"timestamp":""#)
            Self.appendTimestamp(to: &line)
            line.appendStatic(#"","level":"info","label":"#)
            JSONTextWriter.writeString(label, into: &line)
            line.appendStatic(#","message":"#)
            entry.appendJSONMessage(to: &line)
            // Both lists are sorted: merge them.
            var next = others.startIndex
            for index in 0..<AccessLogEntry.fieldCount {
                let key = AccessLogEntry.key(at: index)
                let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
                while next != others.endIndex {
                    let other = others[next]
                    guard other.key.utf8.lexicographicallyPrecedes(keyBytes) else { break }
                    Self.member(other.key, other.value, into: &line)
                    others.formIndex(after: &next)
                }
                entry.appendJSONMember(at: index, to: &line)
            }
            for other in others[next...] { Self.member(other.key, other.value, into: &line) }
            line.appendStatic("}\n")
        }
    }
}
