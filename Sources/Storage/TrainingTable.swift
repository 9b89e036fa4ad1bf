import Engine

/// Training data of any model, as given: `x` (n,d) and `y` (n) unchecked against a model (logistic probabilities or
/// softmax class ids; ``TrainingInput`` checks them against the plan), with an optional explicit validation set.
///
/// Stores keep the numbers as little-endian float64 blobs (`x`, `y`, `validation_x`, `validation_y` of `job_data`), bit
/// for bit.
public struct TrainingTable: Sendable, Equatable {
    /// An explicit validation set: `x` (m,d) with the training set's d, and `y` (m).
    public struct Validation: Sendable, Equatable {
        public let x: NDArray
        public let y: [Double]
    }

    /// (n,d), n, d ≥ 1.
    public let x: NDArray
    /// n targets.
    public let y: [Double]
    /// The `/train` body's `validation: {"x": …, "y": …}`, if given.
    public let validation: Validation?

    /// n.
    public var samples: Int { x.shape[0] }
    /// d.
    public var features: Int { x.shape[1] }

    /// Checks the shapes only: `x` (n,d) with n, d ≥ 1, `y` (n) or (n,1), and the same for the validation set, whose d
    /// must be `x`'s. The errors are ``TrainingInput``'s, with pointers `/x`, `/y`, `/validation/x`, `/validation/y`.
    public init(x: NDArray, y: NDArray, validation: (x: NDArray, y: NDArray)? = nil) throws(TrainingPlanError) {
        try Self.checkShapes(x: x, y: y, xPointer: "/x", yPointer: "/y")
        if let validation {
            try Self.checkShapes(x: validation.x, y: validation.y, xPointer: "/validation/x", yPointer: "/validation/y")
            guard validation.x.shape[1] == x.shape[1] else {
                throw .validationFeatures(expected: x.shape[1], got: validation.x.shape[1])
            }
        }
        self.x = x
        self.y = y.data
        self.validation = validation.map { Validation(x: $0.x, y: $0.y.data) }
    }

    private static func checkShapes(x: NDArray, y: NDArray, xPointer: String, yPointer: String) throws(TrainingPlanError) {
        guard x.ndim == 2, x.shape[0] > 0, x.shape[1] > 0 else { throw .xShape(pointer: xPointer, shape: x.shape) }
        guard y.shape == [x.shape[0]] || y.shape == [x.shape[0], 1] else {
            throw .yShape(pointer: yPointer, expectedRows: x.shape[0], shape: y.shape)
        }
    }
}
