import Engine
import HTTPTypes
import Hummingbird

/// `POST /train`: queue a training job (202 + `Location`), or with `"wait": true` answer 201 once it has finished.
struct TrainingRoutes {
    let limits: Limits
    let runner: JobRunner

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/train") { request, context in
            let train = try TrainRequest(json: try await RequestBody.json(request, context: context), limits: limits)
            try Self.checkHistorySize(train, limits: limits)
            let job = try runner.submit(train)
            let headers: HTTPFields = [.location: "/jobs/\(job.id)"]
            guard train.wait else {
                return try JSONBody.response(JobResponse(job, includeHistory: true), status: .accepted, headers: headers)
            }
            let finished = await runner.waitUntilFinished(job.id) ?? job
            return try JSONBody.response(JobResponse(finished, includeHistory: true), status: .created, headers: headers)
        }
    }

    /// The history holds `snapshots × (features + 3)` numbers; it is held to `--max-train-elements` like the data, so a
    /// wide model with many snapshots cannot make a job allocate without bound.
    static func checkHistorySize(_ train: TrainRequest, limits: Limits) throws(Problem) {
        guard train.snapshotEvery > 0 else { return }
        let features: Int
        switch train.data {
        case .given(let set): features = set.features
        case .generate(_, let count): features = count
        }
        let snapshots = train.epochs / train.snapshotEvery
        let (size, overflow) = snapshots.multipliedReportingOverflow(by: features + 3)
        guard overflow || size > limits.maxTrainElements else { return }
        throw Problem.unprocessable(
            "\(snapshots) snapshots of \(features) weights hold more than the limit of \(limits.maxTrainElements) numbers "
                + "(--max-train-elements); raise 'snapshot_every'",
            kind: "limit-exceeded", pointer: "/snapshot_every"
        )
    }
}
