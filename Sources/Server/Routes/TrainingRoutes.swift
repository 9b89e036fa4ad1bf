import HTTPTypes
import Hummingbird

/// `POST /train`: queue a training job (202 + `Location`), or with `"wait": true` answer 201 once it has finished.
struct TrainingRoutes {
    let limits: Limits
    let runner: JobRunner

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/train") { request, context in
            let train = try TrainRequest(json: try await RequestBody.json(request, context: context), limits: limits)
            let job = try runner.submit(train)
            let headers: HTTPFields = [.location: "/jobs/\(job.id)"]
            guard train.wait else {
                return try JSONBody.response(JobResponse(job, includeHistory: true), status: .accepted, headers: headers)
            }
            let finished = await runner.waitUntilFinished(job.id) ?? job
            return try JSONBody.response(JobResponse(finished, includeHistory: true), status: .created, headers: headers)
        }
    }
}
