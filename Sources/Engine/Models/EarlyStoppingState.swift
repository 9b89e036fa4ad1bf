/// Early stopping's memory: the best monitored loss so far, its epoch and parameters, and the epochs since.
public struct EarlyStoppingState: Sendable, Equatable, Codable {
    /// The best monitored loss; nil before the first epoch.
    public var bestLoss: Double?
    /// The epoch of `bestLoss`.
    public var bestEpoch: Int
    /// The parameters `bestLoss` was measured on.
    public var best: LinearClassifier?
    /// Epochs since the last improvement.
    public var waited: Int

    public init(bestLoss: Double? = nil, bestEpoch: Int = 0, best: LinearClassifier? = nil, waited: Int = 0) {
        self.bestLoss = bestLoss
        self.bestEpoch = bestEpoch
        self.best = best
        self.waited = waited
    }

    /// Records epoch `epoch`'s monitored `loss`, measured on `parameters`; returns true when patience has run out.
    mutating func observe(_ loss: Double, epoch: Int, parameters: @autoclosure () -> LinearClassifier, settings: EarlyStoppingSettings) -> Bool {
        if let bestLoss, !(loss < bestLoss - settings.minDelta) {
            waited += 1
            return waited >= settings.patience
        }
        bestLoss = loss
        bestEpoch = epoch
        best = parameters()
        waited = 0
        return false
    }
}
