import NIOCore

/// Writes the pieces of a JSON document straight into a buffer, for the responses that every request of the hot
/// routes returns (`/predict`, V2 `infer`): no `Encodable` walk, no intermediate values. Strings are escaped as JSON
/// requires (quotes, backslashes, control characters); numbers are written as ``NestedArrayWriter`` writes them.
public enum JSONTextWriter {
    /// `"text"`, escaped.
    public static func writeString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            buffer.writeString(text)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
                case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
                case UInt8(ascii: "\n"): buffer.writeStaticString(#"\n"#)
                case UInt8(ascii: "\r"): buffer.writeStaticString(#"\r"#)
                case UInt8(ascii: "\t"): buffer.writeStaticString(#"\t"#)
                case 0..<0x20:
                    buffer.writeStaticString(#"\u00"#)
                    buffer.writeInteger(hexDigit(byte >> 4))
                    buffer.writeInteger(hexDigit(byte & 0xf))
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
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

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
