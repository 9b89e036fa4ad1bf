/// How a training run does its arithmetic.
///
/// `exact` is NumPy's: every run gives the bits of the notebook's loop (libm's `exp`, no fused multiply-add), the
/// default. `fast` is opt-in: a vectorised `exp` (at most 2 ulp from libm's), fused multiply-adds and the widest
/// vector unit the CPU has (``FastKernel``); its losses stay within about 1e-12 relative of `exact`, and its bits
/// depend on the vector unit, not on the thread count.
public enum Precision: String, Sendable, CaseIterable, Equatable {
    case exact
    case fast
}
