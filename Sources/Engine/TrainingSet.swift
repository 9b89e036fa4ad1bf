/// Why arrays cannot be used as a training set.
public enum TrainingSetError: Error, Equatable, CustomStringConvertible {
    /// `x` is not a 2-D (n,d) array.
    case xNotMatrix(shape: [Int])
    /// `x` has no rows or no columns.
    case empty(shape: [Int])
    /// `y` is neither (n) nor (n,1) for `x` of shape (n,d).
    case yShape(x: [Int], y: [Int])
    /// The target at flat index `index` of `y` is not in [0, 1] (NaN included).
    case label(index: Int, value: Double)

    public var description: String {
        switch self {
        case .xNotMatrix(let shape): "x must be a 2-D (n,d) array, got shape \(ShapeText.compact(shape))"
        case .empty(let shape): "x must have at least one row and one column, got shape \(ShapeText.compact(shape))"
        case .yShape(let x, let y): "y must have shape (\(x[0]),) or (\(x[0]),1) to match x \(ShapeText.compact(x)), got \(ShapeText.compact(y))"
        case .label(let index, let value): "targets must be between 0 and 1: y.flat[\(index)] is \(value)"
        }
    }
}

/// Features `x` of shape (n,d), held once as one contiguous buffer, and `n` targets in [0,1].
public struct TrainingSet: Sendable {
    /// The (n,d) feature matrix.
    public let x: NDArray
    /// The n targets (labels, or soft labels as in the notebook).
    public let y: [Double]

    /// n.
    public var samples: Int { x.shape[0] }
    /// d.
    public var features: Int { x.shape[1] }

    /// A training set from `x` (n,d) with n,d ≥ 1 and `y` of shape (n) or (n,1) with every target in [0, 1].
    ///
    /// The rules are checked in this order, so the first broken one is the error.
    public init(x: NDArray, y: NDArray) throws(TrainingSetError) {
        guard x.ndim == 2 else { throw .xNotMatrix(shape: x.shape) }
        guard x.shape[0] > 0, x.shape[1] > 0 else { throw .empty(shape: x.shape) }
        guard y.shape == [x.shape[0]] || y.shape == [x.shape[0], 1] else { throw .yShape(x: x.shape, y: y.shape) }
        let outside: Int? = y.data.withUnsafeBufferPointer { targets in
            for index in targets.indices where !(targets[index] >= 0 && targets[index] <= 1) { return index }
            return nil
        }
        if let outside { throw .label(index: outside, value: y.data[outside]) }
        self.x = x
        self.y = y.data
    }

    /// The notebook's data: `x = rand(n,d)`, then `y = rand(n,1)`, drawn from `rng`.
    public static func generate(samples: Int, features: Int, using rng: inout RandomState) -> TrainingSet {
        let x = rng.rand([samples, features])
        let y = rng.rand([samples, 1])
        return TrainingSet(validated: x, y: y.data)
    }

    private init(validated x: NDArray, y: [Double]) {
        self.x = x
        self.y = y
    }
}
