/// The bounds of the live job streams (`GET /jobs/{id}/events`).
public struct EventStreamSettings: Sendable, Equatable {
    /// Streams of one job open at once; past it 503 (`--max-event-streams-per-job`).
    public var maxStreamsPerJob: Int
    /// Streams of all jobs open at once; past it 503 (`--max-event-streams`).
    public var maxStreams: Int
    /// Silence after which a stream sends a `: keep-alive` comment (`--event-keep-alive-seconds`).
    public var keepAlive: Duration

    public init(maxStreamsPerJob: Int = 2000, maxStreams: Int = 10_000, keepAlive: Duration = .seconds(15)) {
        self.maxStreamsPerJob = maxStreamsPerJob
        self.maxStreams = maxStreams
        self.keepAlive = keepAlive
    }
}
