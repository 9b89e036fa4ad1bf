/// Which model a run trains.
public enum ModelKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Binary logistic regression: `w` (d), `b`, `σ(x·w + b)`, mean binary cross-entropy; targets in [0, 1].
    case logistic
    /// Softmax (multinomial) regression: `W` (d×k), `b` (k), mean cross-entropy; targets are class ids 0…k−1.
    case softmax
}
