import NIOCore

/// Writes the pieces of a JSON document straight into a buffer, for the responses that every request of the hot
/// routes returns (`/predict`, V2 `infer`): no `Encodable` walk, no intermediate values. Strings are escaped as JSON
/// requires (quotes, backslashes, control characters); numbers are written as ``NestedArrayWriter`` writes them.
/// Strings go into any ``JSONTextSink``: a response's buffer, or a log line's bytes.
public enum JSONTextWriter {
    /// `"text"`, escaped (``writeStringContent(_:into:)`` between quotes).
    @inlinable
    public static func writeString<Sink: JSONTextSink>(_ text: String, into sink: inout Sink) {
        sink.appendJSONByte(UInt8(ascii: "\""))
        writeStringContent(text, into: &sink)
        sink.appendJSONByte(UInt8(ascii: "\""))
    }

    /// The inside of a JSON string literal for `text`, the one escaping rule of descent's JSON: `"` and `\` escaped,
    /// control characters as `\n`, `\r`, `\t` or `\u00XX`, U+2028 and U+2029 as `\u2028` and `\u2029` (legal in JSON,
    /// not in JavaScript source, where a page may embed it), everything else as it is.
    @inlinable
    public static func writeStringContent<Sink: JSONTextSink>(_ text: String, into sink: inout Sink) {
        let utf8 = text.utf8
        // Scanned through the string's own storage where it has one (native and small strings): iterating the view
        // itself costs several times as much.
        let copied = utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy(isPlain) else { return false }
            sink.appendJSONBytes(bytes)
            return true
        }
        if copied == true { return }
        if copied == nil, utf8.allSatisfy(isPlain) {
            sink.appendJSONText(text)
            return
        }
        let bytes = Array(utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): sink.appendJSONText(#"\""#)
            case UInt8(ascii: "\\"): sink.appendJSONText(#"\\"#)
            case UInt8(ascii: "\n"): sink.appendJSONText(#"\n"#)
            case UInt8(ascii: "\r"): sink.appendJSONText(#"\r"#)
            case UInt8(ascii: "\t"): sink.appendJSONText(#"\t"#)
            case 0..<0x20:
                sink.appendJSONText(#"\u00"#)
                sink.appendJSONByte(hexDigit(byte >> 4))
                sink.appendJSONByte(hexDigit(byte & 0xf))
            case 0xE2 where index + 1 < bytes.count && bytes[index] == 0x80 && (bytes[index + 1] == 0xA8 || bytes[index + 1] == 0xA9):
                sink.appendJSONText(bytes[index + 1] == 0xA8 ? #"\u2028"# : #"\u2029"#)
                index += 2
            default: sink.appendJSONByte(byte)
            }
        }
    }

    /// Whether `byte` is copied into a JSON string as it is. 0xE2 starts U+2028 and U+2029 (and other three-byte
    /// characters, which the slow path copies as they are).
    @inlinable
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2
    }

    /// `"text"`, or `null` when there is none.
    public static func writeString(_ text: String?, orNullInto buffer: inout ByteBuffer) {
        if let text { writeString(text, into: &buffer) } else { buffer.writeStaticString("null") }
    }

    /// `[1.5,0.25]`: each number in Swift's shortest round-trip form.
    public static func writeNumbers(_ values: [Double], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            NestedArrayWriter.writeNumber(value, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// `[1,0,1]`.
    public static func writeIntegers(_ values: [Int], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            writeInteger(value, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// An integer in decimal, without making a `String` of it.
    public static func writeInteger(_ value: Int, into buffer: inout ByteBuffer) {
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    @usableFromInline
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// Where ``JSONTextWriter`` writes strings: a `ByteBuffer` (responses) or a `[UInt8]` (log lines, messages).
public protocol JSONTextSink {
    mutating func appendJSONByte(_ byte: UInt8)
    /// Appends `bytes` as they are.
    mutating func appendJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Appends `text`'s UTF-8 as it is.
    mutating func appendJSONText(_ text: String)
}

extension ByteBuffer: JSONTextSink {
    @inlinable public mutating func appendJSONByte(_ byte: UInt8) { writeInteger(byte) }
    @inlinable public mutating func appendJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>) { writeBytes(bytes) }
    @inlinable public mutating func appendJSONText(_ text: String) { writeString(text) }
}

extension Array: JSONTextSink where Element == UInt8 {
    @inlinable public mutating func appendJSONByte(_ byte: UInt8) { append(byte) }
    @inlinable public mutating func appendJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
    @inlinable public mutating func appendJSONText(_ text: String) { append(contentsOf: text.utf8) }
}
