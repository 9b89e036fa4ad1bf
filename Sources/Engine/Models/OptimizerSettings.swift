/// An optimizer by name, with its settings; members an optimizer does not use must be nil.
public struct OptimizerSettings: Sendable, Equatable {
    /// The optimizers a run can use.
    public enum Name: String, Sendable, Equatable, Codable, CaseIterable {
        /// Full-batch gradient descent (the default).
        case gd
        /// Mini-batch stochastic gradient descent.
        case sgd
        /// Mini-batch SGD with classical momentum: `v ← μ·v − lr·g`, `θ ← θ + v`.
        case momentum
        /// Adam (Kingma & Ba) with bias correction: `θ ← θ − lr·m̂/(√v̂ + ε)`.
        case adam

        /// Whether the optimizer draws mini-batches.
        public var usesBatches: Bool { self != .gd }
    }

    /// The mini-batch size the mini-batch optimizers use when none is given (capped at the training rows).
    public static let defaultBatchSize = 32

    public var name: Name
    /// Rows per mini-batch (sgd, momentum, adam); nil: ``defaultBatchSize`` or n when smaller.
    public var batchSize: Int?
    /// Adam's first-moment decay; nil: 0.9.
    public var beta1: Double?
    /// Adam's second-moment decay; nil: 0.999.
    public var beta2: Double?
    /// Adam's ε; nil: 1e-8.
    public var eps: Double?
    /// The momentum coefficient μ; nil: 0.9.
    public var momentum: Double?

    public init(
        _ name: Name = .gd, batchSize: Int? = nil, beta1: Double? = nil, beta2: Double? = nil, eps: Double? = nil, momentum: Double? = nil
    ) {
        self.name = name
        self.batchSize = batchSize
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.momentum = momentum
    }

    /// The batch size a run on `rows` training rows uses.
    func effectiveBatchSize(rows: Int) -> Int {
        name.usesBatches ? (batchSize ?? min(Self.defaultBatchSize, rows)) : rows
    }
}
