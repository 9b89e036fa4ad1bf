import Logging
import Wire

/// What the access log says about one request: one line at `info` whose message reads
/// `GET /models?limit=2 200 143B 0.400ms`, with each field (the request id among them) as metadata too.
///
/// ``JSONLogHandler`` writes the line straight from these fields (``JSONLogHandler/logAccess(_:)``), without a
/// `Logger.Metadata` dictionary or intermediate strings; any other handler gets it through swift-log, with the fields
/// as metadata.
struct AccessLogEntry: Sendable {
    var method: String
    /// The matched route's template (`unknown` when none matched).
    var route: String
    /// The request target: the path with its query.
    var path: String
    var status: Int
    /// The response body's length, when known before it is written.
    var bytes: Int?
    var nanoseconds: Int64
    /// The name of the API key used (`unknown` for a key that is not configured); nil without one.
    var key: String?
    /// The request's id (``RequestID``).
    var requestID: String

    /// The number of fields.
    static let fieldCount = 8

    /// The metadata key of the field at `index`, in the order a JSON line writes them (sorted); a `StaticString`, so
    /// that writing a line copies the bytes without retaining anything.
    static func key(at index: Int) -> StaticString {
        switch index {
        case 0: "bytes"
        case 1: "duration_ms"
        case 2: "key"
        case 3: "method"
        case 4: "path"
        case 5: "request_id"
        case 6: "route"
        default: "status"
        }
    }

    /// The metadata keys of the fields, in order.
    static let keys = (0..<fieldCount).map { key(at: $0).description }

    /// Writes the field at `index` as a JSON member (`,"status":"200"`); nothing for an absent one (`key` without an
    /// API key).
    func appendJSONMember(at index: Int, to line: inout some JSONTextSink) {
        if index == 2, key == nil { return }
        line.appendStatic(",\"")
        line.appendStatic(Self.key(at: index))
        line.appendStatic("\":")
        switch index {
        case 0:
            line.appendJSONByte(UInt8(ascii: "\""))
            if let bytes { Self.appendDecimal(bytes, to: &line) } else { line.appendJSONByte(UInt8(ascii: "-")) }
            line.appendJSONByte(UInt8(ascii: "\""))
        case 1:
            line.appendJSONByte(UInt8(ascii: "\""))
            Self.appendMilliseconds(nanoseconds, to: &line)
            line.appendJSONByte(UInt8(ascii: "\""))
        case 2: JSONTextWriter.writeString(key ?? "", into: &line)
        case 3: JSONTextWriter.writeString(method, into: &line)
        case 4: JSONTextWriter.writeString(path, into: &line)
        case 5: JSONTextWriter.writeString(requestID, into: &line)
        case 6: JSONTextWriter.writeString(route, into: &line)
        default:
            line.appendJSONByte(UInt8(ascii: "\""))
            Self.appendDecimal(status, to: &line)
            line.appendJSONByte(UInt8(ascii: "\""))
        }
    }

    /// The message, `GET /models?limit=2 200 143B 0.400ms`, as a JSON string literal.
    func appendJSONMessage(to line: inout some JSONTextSink) {
        line.appendJSONByte(UInt8(ascii: "\""))
        appendMessage(to: &line, escaping: true)
        line.appendJSONByte(UInt8(ascii: "\""))
    }

    /// The message for swift-log.
    var message: Logger.Message {
        var text: [UInt8] = []
        appendMessage(to: &text, escaping: false)
        return "\(String(decoding: text, as: UTF8.self))"
    }

    /// The message's text; `escaping` escapes the method and path for the inside of a JSON string.
    private func appendMessage(to line: inout some JSONTextSink, escaping: Bool) {
        func append(_ text: String) {
            if escaping { JSONTextWriter.writeStringContent(text, into: &line) } else { line.appendJSONText(text) }
            line.appendJSONByte(UInt8(ascii: " "))
        }
        append(method)
        append(path)
        Self.appendDecimal(status, to: &line)
        line.appendJSONByte(UInt8(ascii: " "))
        if let bytes {
            Self.appendDecimal(bytes, to: &line)
            line.appendJSONByte(UInt8(ascii: "B"))
        } else {
            line.appendJSONByte(UInt8(ascii: "-"))
        }
        line.appendJSONByte(UInt8(ascii: " "))
        Self.appendMilliseconds(nanoseconds, to: &line)
        line.appendStatic("ms")
    }

    /// The fields for swift-log.
    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "method": .string(method),
            "route": .string(route),
            "path": .string(path),
            "status": .string(String(status)),
            "bytes": .string(bytes.map(String.init) ?? "-"),
            "duration_ms": .string(Self.milliseconds(nanoseconds)),
            "request_id": .string(requestID),
        ]
        if let key { metadata["key"] = .string(key) }
        return metadata
    }

    /// `nanoseconds` in milliseconds with three decimals (`1234.567`), without `String(format:)` (slow on Linux).
    static func milliseconds(_ nanoseconds: Int64) -> String {
        var text: [UInt8] = []
        appendMilliseconds(nanoseconds, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    static func appendMilliseconds(_ nanoseconds: Int64, to line: inout some JSONTextSink) {
        let microseconds = Int(max(0, nanoseconds) / 1000)
        appendDecimal(microseconds / 1000, to: &line)
        line.appendJSONByte(UInt8(ascii: "."))
        let fraction = microseconds % 1000
        line.appendJSONByte(UInt8(ascii: "0") + UInt8(fraction / 100))
        line.appendJSONByte(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        line.appendJSONByte(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// A non-negative integer in decimal digits (a negative one is written as 0).
    static func appendDecimal(_ value: Int, to line: inout some JSONTextSink) {
        var value = max(0, value)
        // Room for every Int's digits, filled from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = digits.count
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            line.appendJSONBytes(UnsafeBufferPointer(rebasing: digits[index...]))
        }
    }
}
