/// What an optimizer carries from one step to the next: the step count and its moment buffers (empty for gd and
/// sgd). Part of a ``ModelCheckpoint``, so a resumed run steps exactly as the uninterrupted one.
public struct OptimizerState: Sendable, Equatable, Codable {
    /// Steps taken so far (Adam's t).
    public var steps: Int
    /// Momentum's velocity, or Adam's first moment; one value per parameter (`W` row-major, then `b`), or empty.
    public var first: [Double]
    /// Adam's second moment, or empty.
    public var second: [Double]

    public init(steps: Int = 0, first: [Double] = [], second: [Double] = []) {
        self.steps = steps
        self.first = first
        self.second = second
    }

    /// The state before the first step of `settings` on `parameterCount` parameters.
    static func initial(for settings: OptimizerSettings, parameterCount: Int) -> OptimizerState {
        switch settings.name {
        case .gd, .sgd: OptimizerState()
        case .momentum: OptimizerState(first: [Double](repeating: 0, count: parameterCount))
        case .adam:
            OptimizerState(first: [Double](repeating: 0, count: parameterCount), second: [Double](repeating: 0, count: parameterCount))
        }
    }
}
