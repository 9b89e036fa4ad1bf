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
