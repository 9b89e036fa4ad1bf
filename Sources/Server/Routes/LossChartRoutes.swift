import Engine
import Hummingbird
import NIOCore
import Storage

/// `GET /jobs/{id}/loss.svg`: the loss curve of a job so far (its snapshots, then its latest epoch) as SVG.
struct LossChartRoutes {
    let runner: JobRunner

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/jobs/{id}/loss.svg") { _, context in
            let id = try context.pathParameter("id")
            guard let job = runner.job(id) else { throw JobError.notFound(id) }
            return Response(
                status: .ok,
                headers: [.contentType: "image/svg+xml", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.chart(of: job).render()))
            )
        }
    }

    /// The chart of a job: a point per snapshot, then the latest epoch's loss when it is past the last snapshot.
    static func chart(of job: Job) -> LossChart {
        var points = job.history.map { LossChart.Point(epoch: $0.epoch, loss: $0.loss) }
        if let loss = job.state.loss, job.state.epoch > (points.last?.epoch ?? 0) {
            points.append(LossChart.Point(epoch: job.state.epoch, loss: loss))
        }
        return LossChart(
            points: points, snapshotEpochs: job.history.map(\.epoch), epochs: job.record.params.epochs, title: "Loss of \(job.id)")
    }
}
