/// The parameters of a logistic or softmax model: `W` (d×o, row-major) and `b` (o), where o is 1 for logistic and k
/// for softmax.
public struct LinearClassifier: Sendable, Equatable, Codable {
    /// Which model the parameters belong to.
    public let kind: ModelKind
    /// d.
    public let features: Int
    /// `W`, d×o in row-major order (for logistic, one weight per feature).
    public var weights: [Double]
    /// `b`, o values.
    public var bias: [Double]

    /// - Precondition: `weights` has `features·bias.count` values and a logistic model has one bias.
    public init(kind: ModelKind, features: Int, weights: [Double], bias: [Double]) {
        precondition(kind == .softmax || bias.count == 1, "a logistic model has one bias")
        precondition(kind == .logistic || bias.count >= 2, "a softmax model has at least two classes")
        precondition(weights.count == features * bias.count, "weights must be d×o")
        self.kind = kind
        self.features = features
        self.weights = weights
        self.bias = bias
    }

    private enum CodingKeys: String, CodingKey {
        case kind, features, weights, bias
    }

    /// Decodes parameters and checks the shapes ``init(kind:features:weights:bias:)`` requires, so that stored data
    /// that is not a model fails here instead of at prediction.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(ModelKind.self, forKey: .kind)
        let features = try container.decode(Int.self, forKey: .features)
        let weights = try container.decode([Double].self, forKey: .weights)
        let bias = try container.decode([Double].self, forKey: .bias)
        let outputsFit = kind == .logistic ? bias.count == 1 : bias.count >= 2
        guard features >= 1, outputsFit, weights.count == features * bias.count else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(kind) parameters need d×o weights and o biases"))
        }
        self.init(kind: kind, features: features, weights: weights, bias: bias)
    }

    /// The notebook's model as parameters.
    public init(_ model: LogisticModel) {
        self.init(kind: .logistic, features: model.features, weights: model.weights, bias: [model.bias])
    }

    /// o: 1 for logistic, k for softmax.
    public var outputs: Int { bias.count }
    /// The classes the model tells apart: 2 for logistic, k for softmax.
    public var classes: Int { kind == .logistic ? 2 : outputs }

    /// The logistic model, when this is one.
    public var logistic: LogisticModel? {
        kind == .logistic ? LogisticModel(weights: weights, bias: bias[0]) : nil
    }

    /// The initial parameters a run draws from `rng`: logistic as the notebook (`w = rand(d,1)`, then `b = rand(1,1)`);
    /// softmax `W = rand(d,k)`, then `b = rand(k)`.
    public static func random(kind: ModelKind, features: Int, classes: Int, using rng: inout RandomState) -> LinearClassifier {
        switch kind {
        case .logistic:
            return LinearClassifier(LogisticModel.random(features: features, using: &rng))
        case .softmax:
            let weights = rng.rand([features, classes]).data
            let bias = rng.rand([classes]).data
            return LinearClassifier(kind: .softmax, features: features, weights: weights, bias: bias)
        }
    }

    /// The probabilities of one already scaled row: `σ(z)` (one value) for logistic, the k softmax values otherwise.
    @inline(__always)
    func probabilities(row x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                guard let w = w.baseAddress, let b = b.baseAddress else { return }
                switch kind {
                case .logistic:
                    out[0] = Kernels.logistic(Kernels.dot(x, w, count: features) + b[0]).probability
                case .softmax:
                    SoftmaxKernels.logits(x, w, b, features: features, classes: outputs, into: out)
                    _ = SoftmaxKernels.softmax(out, classes: outputs)
                }
            }
        }
    }
}

/// A trained model as it predicts: its parameters and the standardisation learned with them, applied to every row
/// before the parameters see it.
public struct FittedModel: Sendable, Equatable, Codable {
    public let classifier: LinearClassifier
    /// The training rows' scaling, when the run standardised.
    public let standardization: Standardization?

    private enum CodingKeys: String, CodingKey {
        case classifier, standardization
    }

    /// Decodes a model and checks that its scaling has one mean and scale per feature.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let classifier = try container.decode(LinearClassifier.self, forKey: .classifier)
        let standardization = try container.decodeIfPresent(Standardization.self, forKey: .standardization)
        guard standardization.map({ $0.features == classifier.features && $0.scale.count == classifier.features }) ?? true else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "scaling and model disagree on d"))
        }
        self.init(classifier: classifier, standardization: standardization)
    }

    public init(classifier: LinearClassifier, standardization: Standardization?) {
        precondition(standardization.map { $0.features == classifier.features } ?? true, "scaling and model disagree on d")
        self.classifier = classifier
        self.standardization = standardization
    }

    /// The probabilities of the rows of `x` (raw features, (n,d) or one (d,) row), row after row: one value per row
    /// (P(class 1)) for logistic, k values per row for softmax.
    ///
    /// - Precondition: `x` is 1-D or 2-D and its last axis has d elements.
    public func probabilities(_ x: NDArray) -> [Double] {
        let d = classifier.features
        precondition((1...2).contains(x.ndim) && x.shape[x.ndim - 1] == d, "x must be (n,\(d)) or (\(d),)")
        let rows = x.ndim == 1 ? 1 : x.shape[0]
        let o = classifier.outputs
        return [Double](unsafeUninitializedCapacity: rows * o) { out, initialized in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { scratch in
                x.data.withUnsafeBufferPointer { xs in
                    guard let row = scratch.baseAddress, let source = xs.baseAddress, let target = out.baseAddress else { return }
                    for index in 0..<rows {
                        row.update(from: source + index * d, count: d)
                        standardization?.apply(row: row)
                        classifier.probabilities(row: row, into: target + index * o)
                    }
                }
            }
            initialized = rows * o
        }
    }

    /// The predicted class of each row: `p ≥ 0.5` for logistic, the argmax for softmax.
    public func labels(_ x: NDArray) -> [Int] {
        Self.labels(probabilities: probabilities(x), kind: classifier.kind, outputs: classifier.outputs)
    }

    /// Class ids from ``probabilities(_:)``'s output.
    public static func labels(probabilities: [Double], kind: ModelKind, outputs: Int) -> [Int] {
        switch kind {
        case .logistic:
            return probabilities.map { $0 >= 0.5 ? 1 : 0 }
        case .softmax:
            return probabilities.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return [] }
                return (0..<(p.count / outputs)).map { SoftmaxKernels.argmax(base + $0 * outputs, classes: outputs) }
            }
        }
    }
}
