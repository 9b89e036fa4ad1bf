/// The rows a validation fraction holds out, drawn from the run's `RandomState`.
///
/// Stratified: the rows of each class (class ids in increasing order; for logistic, `y ≥ 0.5` is class 1) are
/// permuted by `permutation(count)` and the first `round(fraction·count)` are held out. Not stratified: one
/// `permutation(n)` and the first `round(fraction·n)`. Both index lists come back in increasing row order, so the
/// training rows keep their order in `x`.
public struct ValidationSplit: Sendable, Equatable {
    /// Row indices of the training part, increasing.
    public let training: [Int]
    /// Row indices of the validation part, increasing.
    public let validation: [Int]

    /// Draws the split of `labels` from `rng`.
    public static func draw(
        labels: [Double], model: ModelKind, classes: Int, fraction: Double, stratified: Bool, using rng: inout RandomState
    ) -> ValidationSplit {
        var held = [Bool](repeating: false, count: labels.count)
        if stratified {
            for members in classMembers(labels: labels, model: model, classes: classes) where !members.isEmpty {
                let take = share(fraction, of: members.count)
                let order = rng.permutation(members.count)
                for position in order.prefix(take) { held[members[position]] = true }
            }
        } else {
            let order = rng.permutation(labels.count)
            for row in order.prefix(share(fraction, of: labels.count)) { held[row] = true }
        }
        return ValidationSplit(
            training: held.indices.filter { !held[$0] }, validation: held.indices.filter { held[$0] })
    }

    /// How many rows ``draw(labels:model:classes:fraction:stratified:using:)`` holds out (it does not depend on the
    /// draw).
    static func heldOutCount(labels: [Double], model: ModelKind, classes: Int, fraction: Double, stratified: Bool) -> Int {
        guard stratified else { return share(fraction, of: labels.count) }
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[classID(label, model: model)] += 1 }
        return counts.reduce(0) { $0 + share(fraction, of: $1) }
    }

    /// `round(fraction·count)`, halves away from zero.
    static func share(_ fraction: Double, of count: Int) -> Int {
        Int((fraction * Double(count)).rounded())
    }

    /// The class a target belongs to: `y ≥ 0.5` for logistic, the id for softmax (already checked).
    @inline(__always)
    static func classID(_ label: Double, model: ModelKind) -> Int {
        model == .logistic ? (label >= 0.5 ? 1 : 0) : Int(label)
    }

    private static func classMembers(labels: [Double], model: ModelKind, classes: Int) -> [[Int]] {
        var members = [[Int]](repeating: [], count: classes)
        for (row, label) in labels.enumerated() { members[classID(label, model: model)].append(row) }
        return members
    }
}
