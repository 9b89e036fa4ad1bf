import Engine
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Storage
import Wire

/// `POST /train`: queue a training job (202 + `Location`), or with `"wait": true` answer 201 once it has finished.
///
/// A waiting client that disconnects stops the wait (the job goes on): ``ConnectionWatch`` notices the closed
/// connection. A shutdown also ends the wait, with a 503 that names the job.
struct TrainingRoutes {
    let limits: Limits
    let runner: JobRunner
    /// The kernel of a job whose request names none (`--default-precision`).
    var defaultPrecision = Precision.exact

    /// What the request log shows for a client that left before its answer (nginx's convention).
    static let clientClosedRequest = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    /// A JSON body, or a CSV body with the other members in the query string (`?label=` names the label column,
    /// default the last).
    func trainRequest(_ request: Request, context: AppRequestContext) async throws -> TrainRequest {
        guard CSVRequestBody.isCSV(request) else {
            return try TrainRequest(json: try await JSONRequestBody.json(request, context: context), limits: limits)
        }
        let query = CSVRequestBody.query(request)
        let label = query.last { $0.key == "label" }?.value
        let table = try await CSVRequestBody.table(request, numericColumns: .training(label: label), limits: limits)
        let columns: CSVTrainingColumns
        do throws(CSVError) { columns = try table.trainingColumns(label: label) } catch { throw error.wireError }
        do throws(WireError) {
            return try TrainRequest(json: TrainRequest.queryBody(query), limits: limits, csv: columns)
        } catch {
            throw TrainRequest.csvFault(error, labelName: columns.labelName)
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/train") { request, context in
            let train = try await trainRequest(request, context: context)
            let job = try await runner.submit(train.submission(defaultPrecision: defaultPrecision), logger: context.logger)
            let headers: HTTPFields = [.location: "/jobs/\(job.id)"]
            guard train.wait else {
                return try JSONBody.response(JobResponse(job, includeHistory: true, details: runner.modelDetails(of: job)), status: .accepted, headers: headers)
            }
            let waited = await ConnectionWatch.cancellingOnClose(context.channel) {
                await cancelWhenGracefulShutdown { await runner.waitUntilFinished(job.id) }
            }
            guard let outcome = waited else {
                context.logger.info("client left while waiting for its job; the job goes on", metadata: ["job": "\(job.id)"])
                return Response(status: Self.clientClosedRequest)
            }
            switch outcome {
            case .finished(let finished):
                return try await JSONBody.response(encodingOffThread: JobResponse(finished, includeHistory: true, details: runner.modelDetails(of: finished)), status: .created, headers: headers)
            case .stoppedWaiting(let current):
                let kept = current.state.status.isFinished ? current.state.status.rawValue : "kept, to go on after a restart"
                throw Problem(
                    .serviceUnavailable, kind: "shutting-down",
                    detail: "the server is shutting down before job \(job.id) finished (\(kept))",
                    headers: [.retryAfter: String(Problem.retryAfterSeconds), .location: "/jobs/\(job.id)"])
            case .notSaved(let current, let error):
                let base = Problem(error)
                var headers = base.headers
                headers[.location] = "/jobs/\(job.id)"
                throw Problem(
                    base.status, kind: base.kind,
                    detail: "job \(current.id) finished training but its end could not be saved (\(error)); it stays running and is "
                        + "saved as soon as the store takes it",
                    headers: headers)
            case .unknown:
                throw Problem.notFound("no job with id \(job.id)")
            }
        }
    }
}
