import Hummingbird

/// `GET /jobs` (newest first, `?status=`), `GET /jobs/{id}` and `DELETE /jobs/{id}` (cancel).
struct JobRoutes {
    let runner: JobRunner

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/jobs") { request, _ in
            let status = try Self.statusFilter(request.uri.queryParameters.get("status"))
            let jobs = runner.jobs(status: status).map { JobResponse($0, includeHistory: false) }
            return try JSONBody.response(JobListResponse(jobs: jobs))
        }
        router.get("/jobs/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let job = runner.job(id) else { throw Problem.notFound("no job with id \(id)") }
            return try JSONBody.response(JobResponse(job, includeHistory: true))
        }
        router.delete("/jobs/{id}") { _, context in
            let id = try context.parameters.require("id")
            let job = try runner.cancel(id)
            return try JSONBody.response(JobResponse(job, includeHistory: true), status: .accepted)
        }
    }

    /// `nil` for no filter; 400 naming the allowed values for an unknown one.
    static func statusFilter(_ value: String?) throws(Problem) -> JobStatus? {
        guard let value else { return nil }
        guard let status = JobStatus(rawValue: value) else {
            let allowed = JobStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem.badRequest("unknown status '\(value)'; expected one of \(allowed)", pointer: nil)
        }
        return status
    }
}
