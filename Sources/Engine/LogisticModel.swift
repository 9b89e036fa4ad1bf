/// A logistic-regression model as the notebook holds it: weights `w` of shape (d,1) and a bias `b` of
/// shape (1,1), predicting `σ(x·w + b)`.
public struct LogisticModel: Sendable, Equatable {
    /// `w`, flattened: one weight per feature.
    public var weights: [Double]
    /// `b`.
    public var bias: Double

    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The number of features, `d`.
    public var features: Int { weights.count }

    /// The notebook's initialisation: `w = rand(d,1)`, then `b = rand(1,1)`, from `rng`.
    public static func random(features: Int, using rng: inout RandomState) -> LogisticModel {
        let weights = rng.rand([features, 1]).data
        let bias = rng.nextDouble()
        return LogisticModel(weights: weights, bias: bias)
    }

    /// `σ(x·w + b)` for each row of `x`: one probability for a row of shape (d,), n for a batch (n,d).
    ///
    /// - Precondition: `x` is 1-D or 2-D and its last axis has `features` elements.
    public func probabilities(_ x: NDArray) -> [Double] {
        precondition((1...2).contains(x.ndim) && x.shape[x.ndim - 1] == features, "x must be (n,\(features)) or (\(features),)")
        let rows = x.ndim == 1 ? 1 : x.shape[0]
        return [Double](unsafeUninitializedCapacity: rows) { out, initialized in
            x.data.withUnsafeBufferPointer { xs in
                weights.withUnsafeBufferPointer { w in
                    for row in 0..<rows {
                        let z = Kernels.dot(xs.baseAddress.map { $0 + row * features }, w.baseAddress, count: features) + bias
                        out[row] = Kernels.logistic(z).probability
                    }
                }
            }
            initialized = rows
        }
    }
}
