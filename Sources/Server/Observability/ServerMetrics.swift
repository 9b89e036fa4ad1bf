import CoreMetrics
import Metrics
import Storage
import Synchronization

/// Every descent metric of operations.md, made through one injected swift-metrics `MetricsFactory` (never the global
/// one, so that tests running in parallel each count into their own registry).
///
/// The fixed series are made once; the per-route, per-method and per-model series are made on first use and kept in
/// small tables, so a request looks its handle up in a dictionary instead of asking the factory (and the Prometheus
/// registry's lock) again. A deleted model's series are destroyed, which removes them from the registry.
final class ServerMetrics: Sendable {
    private struct ModelKey: Hashable {
        let name: String
        let version: Int
    }

    private struct Tables {
        var predictions: [ModelKey: Counter] = [:]
        var predictionDurations: [String: CoreMetrics.Timer] = [:]
    }

    let factory: any MetricsFactory
    let http: HTTPMetrics
    private let jobsQueued: Gauge
    private let jobsRunning: Gauge
    private let jobsFinished: [JobStatus: Counter]
    private let jobResumes: Counter
    private let trainingEpochs: Counter
    private let trainingRows: Counter
    private let models: Gauge
    private let tables = Mutex(Tables())

    init(factory: any MetricsFactory) {
        self.factory = factory
        self.http = HTTPMetrics(factory: factory)
        jobsQueued = Gauge(label: "descent_jobs", dimensions: [("status", "queued")], factory: factory)
        jobsRunning = Gauge(label: "descent_jobs", dimensions: [("status", "running")], factory: factory)
        var finished: [JobStatus: Counter] = [:]
        for status in [JobStatus.succeeded, .failed, .cancelled] {
            finished[status] = Counter(label: "descent_jobs_finished_total", dimensions: [("status", status.rawValue)], factory: factory)
        }
        jobsFinished = finished
        jobResumes = Counter(label: "descent_job_resumes_total", factory: factory)
        trainingEpochs = Counter(label: "descent_training_epochs_total", factory: factory)
        trainingRows = Counter(label: "descent_training_rows_total", factory: factory)
        models = Gauge(label: "descent_models", factory: factory)
        // Series that exist from the start read 0 instead of being absent.
        jobsQueued.record(0)
        jobsRunning.record(0)
        models.record(0)
    }

    /// A factory whose metrics go nowhere, for `--metrics false`.
    static var disabled: ServerMetrics { ServerMetrics(factory: NOOPMetricsHandler.instance) }

    // MARK: Jobs (called by JobRunner where job state changes)

    /// The number of queued and running jobs after a change.
    func jobCounts(queued: Int, running: Int) {
        jobsQueued.record(queued)
        jobsRunning.record(running)
    }

    /// A job reached a final status.
    func jobFinished(_ status: JobStatus) {
        jobsFinished[status]?.increment()
    }

    /// An interrupted job started again.
    func jobResumed() {
        jobResumes.increment()
    }

    /// One epoch over `rows` rows was trained.
    func epochTrained(rows: Int) {
        trainingEpochs.increment()
        trainingRows.increment(by: rows)
    }

    // MARK: Models (called by ModelRegistry where models change)

    /// The number of models after a change.
    func modelCount(_ count: Int) {
        models.record(count)
    }

    /// Removes a deleted model's series; its name's duration histogram goes too once no version of the name is left.
    func modelDeleted(name: String, version: Int, nameRemains: Bool) {
        let (counter, timer) = tables.withLock { tables in
            (tables.predictions.removeValue(forKey: ModelKey(name: name, version: version)),
             nameRemains ? nil : tables.predictionDurations.removeValue(forKey: name))
        }
        counter?.destroy()
        timer?.destroy()
    }

    // MARK: Predictions

    /// `rows` rows predicted by model `name` version `version` in `nanoseconds`.
    func predicted(name: String, version: Int, rows: Int, nanoseconds: Int64) {
        let key = ModelKey(name: name, version: version)
        let (counter, timer) = tables.withLock { tables -> (Counter, CoreMetrics.Timer) in
            let counter: Counter
            if let found = tables.predictions[key] {
                counter = found
            } else {
                counter = Counter(
                    label: "descent_predictions_total", dimensions: [("model_name", name), ("model_version", String(version))], factory: factory)
                tables.predictions[key] = counter
            }
            let timer: CoreMetrics.Timer
            if let found = tables.predictionDurations[name] {
                timer = found
            } else {
                timer = CoreMetrics.Timer(label: "descent_prediction_duration_seconds", dimensions: [("model_name", name)], factory: factory)
                tables.predictionDurations[name] = timer
            }
            return (counter, timer)
        }
        counter.increment(by: rows)
        timer.recordNanoseconds(nanoseconds)
    }
}
