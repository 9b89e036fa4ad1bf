/// Decodable mirrors of the server's response bodies, so tests compare decoded values.
struct TestParams: Decodable, Equatable {
    let epochs: Int
    let learning_rate: Double
    let seed: UInt32
    let snapshot_every: Int
    let samples: Int
    let features: Int
    /// Required in every answer; the tests that do not say expect the default.
    var precision = "exact"
}

struct TestSnapshot: Decodable, Equatable {
    let epoch: Int
    let loss: Double
    let w: [Double]
    let b: Double
}

struct TestJob: Decodable {
    let id: String
    let status: String
    let name: String?
    let model_id: String?
    let epoch: Int
    let epochs: Int
    let progress: Double
    let loss: Double?
    let params: TestParams
    let history: [TestSnapshot]?
    let error: String?
    let created_at: String
    let started_at: String?
    let finished_at: String?
    let resumed_from: Int?
    let resumes: Int
}

struct TestJobList: Decodable {
    let jobs: [TestJob]
    let next: String?
}

struct TestMetrics: Decodable, Equatable {
    let loss: Double
    let accuracy: Double
}

struct TestModel: Decodable {
    let id: String
    let name: String?
    let version: Int
    let features: Int
    let w: [Double]?
    let b: Double?
    let job_id: String
    let created_at: String
    let params: TestParams
    let metrics: TestMetrics
    let aliases: [String]
}

struct TestModelList: Decodable {
    let models: [TestModel]
    let next: String?
}

struct TestAlias: Decodable, Equatable {
    let name: String
    let alias: String
    let version: Int
    let model_id: String
}

struct TestPrediction: Decodable {
    let model_id: String
    let name: String?
    let version: Int
    let probabilities: [Double]
    let labels: [Int]
}

struct TestHealth: Decodable {
    struct Jobs: Decodable {
        let queued: Int
        let running: Int
    }

    let status: String
    let version: String
    let uptime_seconds: Double
    let models: Int
    let jobs: Jobs
}
