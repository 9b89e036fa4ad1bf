/// Why data and a ``TrainingPlan`` cannot make a run; ``pointer`` names the request member (RFC 6901) to blame.
public enum TrainingPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `x` (or `/validation/x`) is not a non-empty 2-D (n,d) array.
    case xShape(pointer: String, shape: [Int])
    /// `y` does not have shape (n) or (n,1) for the matching `x`.
    case yShape(pointer: String, expectedRows: Int, shape: [Int])
    /// A logistic target outside [0, 1] (NaN included), at `pointer` (`/y/17`).
    case probabilityTarget(pointer: String, value: Double)
    /// A softmax target that is not an integer class id in 0…k−1, at `pointer` (`/y/17`).
    case classID(pointer: String, value: Double, classes: Int)
    /// `classes` below 2, or given for a logistic model.
    case classes(value: Int, model: ModelKind)
    /// A validation set whose feature count differs from the training set's.
    case validationFeatures(expected: Int, got: Int)
    /// A member whose value is out of its range: `pointer` and the rule it breaks.
    case outOfRange(pointer: String, value: Double, rule: String)
    /// A member the chosen optimizer does not use (`/optimizer/beta1` with sgd, `/optimizer/batch_size` with gd).
    case unusedSetting(pointer: String, optimizer: OptimizerSettings.Name)
    /// `batch_size` larger than the training rows (after the validation rows are taken out).
    case batchSizeTooLarge(batchSize: Int, trainingRows: Int)
    /// A validation fraction that leaves no training rows or no validation rows.
    case emptySplit(fraction: Double, rows: Int)

    /// The JSON pointer of the member at fault.
    public var pointer: String {
        switch self {
        case .xShape(let pointer, _), .yShape(let pointer, _, _), .probabilityTarget(let pointer, _), .classID(let pointer, _, _),
            .outOfRange(let pointer, _, _), .unusedSetting(let pointer, _):
            pointer
        case .classes: "/classes"
        case .validationFeatures: "/validation/x"
        case .batchSizeTooLarge: "/optimizer/batch_size"
        case .emptySplit: "/validation/fraction"
        }
    }

    public var description: String {
        switch self {
        case .xShape(_, let shape): "x must be a 2-D (n,d) array with n,d ≥ 1, got shape \(ShapeText.compact(shape))"
        case .yShape(_, let rows, let shape): "y must have shape (\(rows),) or (\(rows),1), got \(ShapeText.compact(shape))"
        case .probabilityTarget(_, let value): "logistic targets must be between 0 and 1, got \(value)"
        case .classID(_, let value, let classes): "softmax targets must be integer class ids in 0…\(classes - 1), got \(value)"
        case .classes(let value, .logistic): "classes is only for the softmax model (got \(value) with logistic)"
        case .classes(let value, .softmax): "classes must be at least 2, got \(value)"
        case .validationFeatures(let expected, let got): "validation x must have \(expected) columns like x, got \(got)"
        case .outOfRange(_, let value, let rule): "\(value) is out of range: \(rule)"
        case .unusedSetting(let pointer, let optimizer):
            "the \(optimizer.rawValue) optimizer does not use \(pointer.split(separator: "/").last.map(String.init) ?? pointer)"
        case .batchSizeTooLarge(let batchSize, let rows): "batch_size \(batchSize) is larger than the \(rows) training rows"
        case .emptySplit(let fraction, let rows): "a validation fraction of \(fraction) of \(rows) rows leaves no training or no validation rows"
        }
    }
}
