import Engine
import Foundation
import Storage

/// Jobs beyond the notebook (softmax, L2, standardisation, mini-batch optimizers, validation, early stopping): trained
/// by ``ModelTrainer`` from ``TrainingData/prepare(plan:seed:)``, checkpointed as ``JobCheckpoint/model(_:)`` with
/// ``ModelSnapshot``s, resumed from their checkpoint after a restart, stopped at an epoch boundary like any job.
extension JobRunner {
    /// Trains on a Dispatch thread; returns the outcome and the snapshots taken since the last checkpoint handed to
    /// `writer`.
    func trainModel(
        _ id: String, params: TrainingParams, from point: ResumePoint, writer: CheckpointWriter
    ) async -> (Result<JobRunResult, JobRunFailure>, [ModelSnapshot]) {
        let interval = settings.checkpointInterval
        return await withCheckedContinuation { continuation in
            training.async {
                let run: PreparedRun
                do throws(TrainingPlanError) {
                    run = try point.data.prepare(plan: params.plan(parallelism: self.parallelism()), seed: params.seed)
                } catch {
                    // Checked when the job was submitted; data that no longer fits its plan fails the job.
                    continuation.resume(returning: (.failure(.data(error)), []))
                    return
                }
                let threads = EpochThreads(self.parallelism)
                var pending: [ModelSnapshot] = []
                var lastCheckpoint = ContinuousClock.now
                let outcome = Result { () throws(JobRunFailure) -> JobRunResult in
                    let result: ModelTrainingResult
                    do throws(TrainingError) {
                        result = try ModelTrainer.train(
                        run.input, initial: run.initial, random: run.random, resuming: point.savedCheckpoint?.modelCheckpoint, threads: threads
                    ) { report in
                        if let snapshot = report.snapshot { pending.append(snapshot) }
                        let control = self.recordProgress(id, epoch: report.epoch, loss: report.loss, snapshot: report.snapshot, rows: params.samples)
                        let now = ContinuousClock.now
                        let due = interval == .zero ? report.snapshot != nil : now - lastCheckpoint >= interval
                        // A stop checkpoints too, so that an interrupted job goes on from exactly here.
                        if writer.durable && (due || control == .stop) {
                            writer.save(.model(report.checkpoint), snapshots: pending)
                            pending.removeAll()
                            lastCheckpoint = now
                        }
                        return control
                        }
                    } catch {
                        throw .training(error)
                    }
                    return .model(result, featureNames: params.options.featureNames)
                }
                continuation.resume(returning: (outcome, pending))
            }
        }
    }
}
