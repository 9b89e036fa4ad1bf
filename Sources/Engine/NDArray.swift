/// An n-dimensional array of `Double` stored in one contiguous C-order buffer.
///
/// Any rank is allowed, including 0-d (`shape == []`, one element) and zero-size axes. The buffer is
/// never nested: element `(i, j)` of a `(n, d)` array is `data[i * d + j]`.
public struct NDArray: Sendable, Equatable {
    /// The size of each axis, outermost first.
    public let shape: [Int]
    /// The elements in C (row-major) order; `data.count` is the product of `shape`.
    public let data: [Double]

    /// An array of `shape` over `data` in C order.
    ///
    /// - Precondition: every size is non-negative and `data.count` is their product.
    public init(shape: [Int], data: [Double]) {
        precondition(NDArray.elementCount(of: shape) == data.count, "data does not fill shape \(shape)")
        self.shape = shape
        self.data = data
    }

    /// A 0-d array holding one value.
    public init(scalar: Double) {
        self.init(shape: [], data: [scalar])
    }

    /// An array of `shape` with every element set to `value`.
    public init(shape: [Int], repeating value: Double) {
        guard let count = NDArray.elementCount(of: shape) else {
            preconditionFailure("invalid shape \(shape)")
        }
        self.init(shape: shape, data: Array(repeating: value, count: count))
    }

    /// The number of axes.
    public var ndim: Int { shape.count }

    /// The number of elements.
    public var count: Int { data.count }

    /// The number of elements an array of `shape` holds, or `nil` when a size is negative or the
    /// product overflows `Int`.
    public static func elementCount(of shape: [Int]) -> Int? {
        if shape.contains(0) { return shape.allSatisfy { $0 >= 0 } ? 0 : nil }
        var product = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
