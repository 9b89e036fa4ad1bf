import Engine
import NIOCore

/// Writes an `NDArray` as nested JSON arrays straight into a buffer (one pass, no intermediate values), with the
/// non-finite numbers as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`. A 0-d array is a bare number.
public enum NestedArrayWriter {
    public static func write(_ array: NDArray, into buffer: inout ByteBuffer) {
        array.data.withUnsafeBufferPointer { data in
            var index = 0
            write(shape: array.shape[...], data: data, index: &index, into: &buffer)
        }
    }

    private static func write(
        shape: ArraySlice<Int>, data: UnsafeBufferPointer<Double>, index: inout Int, into buffer: inout ByteBuffer
    ) {
        guard let size = shape.first else {
            writeNumber(data[index], into: &buffer)
            index += 1
            return
        }
        buffer.writeInteger(UInt8(ascii: "["))
        let inner = shape.dropFirst()
        for position in 0..<size {
            if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            write(shape: inner, data: data, index: &index, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// A finite double in Swift's shortest round-trip form (`0.5`, `1.0`, `1e-05`), which is valid JSON.
    public static func writeNumber(_ value: Double, into buffer: inout ByteBuffer) {
        if !value.isFinite {
            buffer.writeInteger(UInt8(ascii: "\""))
            buffer.writeString(NonFiniteSpelling.text(of: value))
            buffer.writeInteger(UInt8(ascii: "\""))
        } else {
            buffer.writeString(value.description)
        }
    }
}
