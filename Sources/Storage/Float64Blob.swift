import Foundation

/// `[Double]` as little-endian IEEE 754 bytes, the form a store keeps weights and training data in: bit for bit,
/// including -0, subnormals and infinities.
enum Float64Blob {
    static func encode(_ values: [Double]) -> Data {
        #if _endian(little)
        return values.withUnsafeBytes { Data($0) }
        #else
        var data = Data(capacity: values.count * 8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
        #endif
    }

    /// nil when the byte count is not a multiple of 8.
    static func decode(_ data: Data) -> [Double]? {
        guard data.count % 8 == 0 else { return nil }
        let count = data.count / 8
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                    buffer[index] = Double(bitPattern: UInt64(littleEndian: bits))
                }
            }
            initialized = count
        }
    }

    /// One number as 8 bytes (`REAL` columns would turn -0.0 into 0).
    static func encode(_ value: Double) -> Data { encode([value]) }

    static func decodeOne(_ data: Data) -> Double? {
        guard data.count == 8 else { return nil }
        return decode(data)?.first
    }
}
