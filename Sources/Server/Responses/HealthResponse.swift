/// `GET /health`: liveness and a summary.
struct HealthResponse: Codable, Equatable {
    struct Jobs: Codable, Equatable {
        let queued: Int
        let running: Int
    }

    let status: String
    let version: String
    let uptimeSeconds: Double
    let models: Int
    let jobs: Jobs

    enum CodingKeys: String, CodingKey {
        case status, version, models, jobs
        case uptimeSeconds = "uptime_seconds"
    }
}
