/// The configurable bounds every request is held to (see the Limits table in the README).
///
/// Going past one is a 4xx that names the limit; nothing is allocated before the check.
public struct Limits: Sendable, Equatable {
    /// Largest request body in bytes (413 past it).
    public var maxBodyBytes: Int
    /// Largest training set, n×d, given or generated (422 past it).
    public var maxTrainElements: Int
    /// Largest `/broadcast` operand or result, in elements (422 past it).
    public var maxBroadcastElements: Int
    /// Largest `epochs` a job may ask for (422 past it).
    public var maxEpochs: Int
    /// Most snapshots a job may record, epochs ÷ snapshot_every (422 past it).
    public var maxSnapshots: Int
    /// Most features a model may have, given or generated (422 past it): its weights are one number each.
    public var maxFeatures: Int = 100_000
    /// Largest `/broadcast` result in elements (422 past it); at most `maxBroadcastElements` applies as well.
    public var maxBroadcastResultElements: Int = 1_000_000

    public init(
        maxBodyBytes: Int = 64 * 1024 * 1024,
        maxTrainElements: Int = 100_000_000,
        maxBroadcastElements: Int = 10_000_000,
        maxEpochs: Int = 10_000_000,
        maxSnapshots: Int = 10_000
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrainElements = maxTrainElements
        self.maxBroadcastElements = maxBroadcastElements
        self.maxEpochs = maxEpochs
        self.maxSnapshots = maxSnapshots
    }
}
