import Engine
import Storage

/// What a finished run hands to the job runner: the notebook path's result, or a ``ModelTrainer`` run's with the
/// feature names its model keeps.
enum JobRunResult: Sendable {
    case notebook(TrainingResult)
    case model(ModelTrainingResult, featureNames: [String]?)
}

/// Why a run ended without a model: the engine's reason, or data that no longer fits the job's plan.
enum JobRunFailure: Error, CustomStringConvertible {
    case training(TrainingError)
    case data(TrainingPlanError)

    var description: String {
        switch self {
        case .training(let error): error.description
        case .data(let error): "the job's training data does not fit its options: \(error.description)"
        }
    }
}
