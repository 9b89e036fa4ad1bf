/// The tensor datatypes of the Open Inference Protocol that descent converts to float64, and their raw layout
/// in the binary tensor extension (little-endian, row-major).
enum V2Datatype: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case uint8 = "UINT8", uint16 = "UINT16", uint32 = "UINT32", uint64 = "UINT64"
    case int8 = "INT8", int16 = "INT16", int32 = "INT32", int64 = "INT64"
    case fp16 = "FP16", fp32 = "FP32", fp64 = "FP64"

    /// Bytes per element in the binary form.
    var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .uint16, .int16, .fp16: 2
        case .uint32, .int32, .fp32: 4
        case .uint64, .int64, .fp64: 8
        }
    }

    /// The elements of `bytes` as float64; `bytes.count` is a multiple of ``byteSize``.
    func decode(_ bytes: UnsafeRawBufferPointer) -> [Double] {
        let count = bytes.count / byteSize
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            for index in 0..<count {
                let offset = index * byteSize
                out[index] =
                    switch self {
                    case .bool: bytes[offset] == 0 ? 0 : 1
                    case .uint8: Double(bytes[offset])
                    case .int8: Double(Int8(bitPattern: bytes[offset]))
                    case .uint16: Double(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                    case .int16: Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                    case .uint32: Double(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    case .int32: Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                    case .uint64: Double(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    case .int64: Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                    case .fp16: Self.half(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                    case .fp32: Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                    case .fp64: Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    }
            }
            initialized = count
        }
    }

    /// An IEEE 754 half-precision value (its 16 bits) as a double, exactly.
    static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
