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
