import Engine

/// An `NDArray` encoded as nested JSON arrays (a bare number for shape `[]`), with non-finite values as the
/// strings "NaN", "Infinity" and "-Infinity" — the `/broadcast` output format.
struct NestedArray: Encodable, Sendable {
    let array: NDArray

    init(_ array: NDArray) {
        self.array = array
    }

    func encode(to encoder: any Encoder) throws {
        if array.shape.isEmpty {
            var container = encoder.singleValueContainer()
            let value = array.data[0]
            if value.isFinite {
                try container.encode(value)
            } else {
                try container.encode(NDArrayDecoder.spelling(value))
            }
            return
        }
        var container = encoder.unkeyedContainer()
        try encodeAxis(0, offset: 0, into: &container)
    }

    /// Elements of the sub-array starting at `offset` along `axis`.
    private func encodeAxis(_ axis: Int, offset: Int, into container: inout any UnkeyedEncodingContainer) throws {
        let size = array.shape[axis]
        if axis == array.shape.count - 1 {
            for index in 0..<size {
                let value = array.data[offset + index]
                if value.isFinite {
                    try container.encode(value)
                } else {
                    try container.encode(NDArrayDecoder.spelling(value))
                }
            }
            return
        }
        let stride = array.shape[(axis + 1)...].reduce(1, *)
        for index in 0..<size {
            var nested = container.nestedUnkeyedContainer()
            try encodeAxis(axis + 1, offset: offset + index * stride, into: &nested)
        }
    }
}

extension NDArray {
    /// This array as nested JSON arrays for a response body.
    var jsonNested: NestedArray { NestedArray(self) }
}
