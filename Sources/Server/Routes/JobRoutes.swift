import Hummingbird
import Storage

/// `GET /jobs` (newest first, `?status=`, paged), `GET /jobs/{id}` and `DELETE /jobs/{id}` (cancel).
struct JobRoutes {
    let runner: JobRunner

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/jobs") { request, _ in
            let query = request.uri.queryParameters
            let status = try Self.statusFilter(query.get("status"))
            let page = try PageRequest(query)
            let (jobs, next) = runner.page(limit: page.limit, before: page.cursor, status: status)
            return try JSONBody.response(
                JobListResponse(jobs: jobs.map { JobResponse($0, includeHistory: false, details: runner.modelDetails(of: $0)) }, next: next.map(PageRequest.cursor)))
        }
        router.get("/jobs/{id}") { _, context in
            let id = try context.pathParameter("id")
            guard let job = runner.job(id) else { throw JobError.notFound(id) }
            return try await JSONBody.response(encodingOffThread: JobResponse(job, includeHistory: true, details: runner.modelDetails(of: job)))
        }
        router.delete("/jobs/{id}") { _, context in
            let id = try context.pathParameter("id")
            let job = try await runner.cancel(id)
            return try await JSONBody.response(encodingOffThread: JobResponse(job, includeHistory: true, details: runner.modelDetails(of: job)), status: .accepted)
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
