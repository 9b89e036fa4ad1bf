/// The share of a job's rows held out for validation, as a `/train` body's `validation: {"fraction": …}` gives it.
///
/// An explicit validation set (`validation: {"x": …, "y": …}`) is data, not an option: it is kept with the job's
/// training data (``TrainingTable/validation``).
public struct ValidationFraction: Sendable, Equatable {
    /// In (0, 1); ``TrainingInput`` checks it.
    public var fraction: Double
    /// Each class gives `round(fraction·count)` of its rows (the default), or the rows are drawn regardless of class.
    public var stratified: Bool

    public init(_ fraction: Double, stratified: Bool = true) {
        self.fraction = fraction
        self.stratified = stratified
    }
}
