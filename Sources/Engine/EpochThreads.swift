/// How many threads each epoch of a run may use, asked before every epoch on the training thread, so that a long run
/// can share the cores with runs that start or end meanwhile. The result of a run never depends on it.
public struct EpochThreads {
    private let current: () -> Int

    /// `current` is called before every epoch (and the final evaluation); answers below 1 count as 1.
    public init(_ current: @escaping () -> Int) {
        self.current = current
    }

    /// The threads the next epoch may use, at least 1.
    func next() -> Int { max(1, current()) }
}
