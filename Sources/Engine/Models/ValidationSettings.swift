/// Which rows a run measures itself on, besides the training rows.
public enum ValidationSettings: Sendable, Equatable {
    /// Hold out this share of the rows, drawn from the run's `RandomState` after the initial parameters; stratified
    /// by class (each class gives `round(fraction·count)` of its rows) unless `stratified` is false.
    case fraction(Double, stratified: Bool = true)
    /// A separate validation set, in the same form as the training data.
    case set(x: NDArray, y: NDArray)
}
