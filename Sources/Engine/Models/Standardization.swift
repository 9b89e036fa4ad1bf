/// Per-feature scaling learned on training rows, as scikit-learn's `StandardScaler`: `(x − mean) / scale` with the
/// population standard deviation as the scale, and 1 for a constant feature (which is then only centred).
public struct Standardization: Sendable, Equatable, Codable {
    /// The mean of each feature over the training rows (for a constant feature, its value).
    public let mean: [Double]
    /// The population standard deviation of each feature, or 1 where the feature is constant.
    public let scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        precondition(mean.count == scale.count, "mean and scale must have one value per feature")
        self.mean = mean
        self.scale = scale
    }

    /// The number of features, d.
    public var features: Int { mean.count }

    /// The statistics of the rows of the (n,d) matrix `x` (`rows` of them, all when nil): the mean as `Σx/n`, the
    /// variance as `Σ(x − mean)²/n`, both summed in row order.
    public static func fit(_ x: NDArray, rows: [Int]? = nil) -> Standardization {
        precondition(x.ndim == 2, "x must be (n,d)")
        let d = x.shape[1]
        let selected = rows ?? Array(0..<x.shape[0])
        var sum = [Double](repeating: 0, count: d)
        var low = [Double](repeating: .infinity, count: d)
        var high = [Double](repeating: -.infinity, count: d)
        x.data.withUnsafeBufferPointer { data in
            for row in selected {
                for j in 0..<d {
                    let value = data[row * d + j]
                    sum[j] += value
                    low[j] = Swift.min(low[j], value)
                    high[j] = Swift.max(high[j], value)
                }
            }
        }
        let n = Double(selected.count)
        var mean = sum.map { $0 / n }
        var squares = [Double](repeating: 0, count: d)
        x.data.withUnsafeBufferPointer { data in
            for row in selected {
                for j in 0..<d {
                    let centred = data[row * d + j] - mean[j]
                    squares[j] += centred * centred
                }
            }
        }
        var scale = [Double](repeating: 1, count: d)
        for j in 0..<d {
            if low[j] == high[j] {
                mean[j] = low[j]  // exactly the value, so the centred feature is exactly 0
            } else {
                let deviation = (squares[j] / n).squareRoot()
                scale[j] = deviation > 0 ? deviation : 1
            }
        }
        return Standardization(mean: mean, scale: scale)
    }

    /// `(x − mean) / scale` for the given rows of the (n,d) matrix `x` (all when nil), as a new (rows,d) matrix.
    public func apply(_ x: NDArray, rows: [Int]? = nil) -> NDArray {
        precondition(x.ndim == 2 && x.shape[1] == features, "x must be (n,\(features))")
        let d = features
        let count = rows?.count ?? x.shape[0]
        let data = [Double](unsafeUninitializedCapacity: count * d) { out, initialized in
            x.data.withUnsafeBufferPointer { source in
                for index in 0..<count {
                    let row = rows?[index] ?? index
                    for j in 0..<d { out[index * d + j] = (source[row * d + j] - mean[j]) / scale[j] }
                }
            }
            initialized = count * d
        }
        return NDArray(shape: [count, d], data: data)
    }

    /// Scales one row of d values in place.
    @inline(__always)
    func apply(row: UnsafeMutablePointer<Double>) {
        for j in 0..<features { row[j] = (row[j] - mean[j]) / scale[j] }
    }
}
