import Engine
import Foundation

@testable import Storage

/// A softmax job beyond the notebook, and what its run leaves: options, table data with a validation set, a
/// checkpoint, snapshots of k biases with validation losses, and a fitted model with details. Awkward numbers
/// throughout (-0, subnormals, 0.1+0.2) so a lossy store shows.
enum ModelFixtures {
    static let options = ModelOptions(
        model: .softmax, classes: 3, l2: 0.1 + 0.2, standardize: true, optimizer: OptimizerSettings(.adam, batchSize: 4, eps: 1e-8),
        earlyStopping: EarlyStoppingSettings(patience: 50, minDelta: 1e-300), featureNames: ["a", "b"])

    static let params = TrainingParams(
        epochs: 6, learningRate: 0.1, seed: 7, snapshotEvery: 2, samples: 12, features: 2, precision: .exact, options: options)

    static func job(_ id: String, name: String? = "iris") -> JobRecord {
        JobRecord(id: id, name: name, params: params, createdAt: Date(timeIntervalSince1970: 1_700_000_000.5))
    }

    /// 12 rows of 3 classes, and 3 validation rows.
    static let table: TrainingTable = {
        let x: [Double] = [
            0.1 + 0.2, -0.0, .leastNonzeroMagnitude, 1, 2, 1e-300, 0.9, 1.1, -1, 0.5, 2.5, 2,
            -0.5, -1.5, 3, 0.25, 1.5, -2, 2.5, 1, -1.25, 0.75, 3.5, -0.0,
        ]
        let y: [Double] = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
        do {
            return try TrainingTable(
                x: NDArray(shape: [12, 2], data: x), y: NDArray(shape: [12, 1], data: y),
                validation: (NDArray(shape: [3, 2], data: [0.2, -0.0, 1.2, 0x1p-1060, -0.8, 2.2]), NDArray(shape: [3], data: [0, 1, 2])))
        } catch {
            preconditionFailure("valid table: \(error)")
        }
    }()

    static let classifier = LinearClassifier(
        kind: .softmax, features: 2, weights: [0.1 + 0.2, -0.0, Double.leastNonzeroMagnitude, 1e-300, -1, 2], bias: [-0.0, 0x1p-1070, 0.3])

    static let checkpoint = ModelCheckpoint(
        epoch: 3, loss: 0.1 + 0.2, valLoss: 1.0 / 3.0, classifier: classifier,
        optimizer: OptimizerState(
            steps: 9, first: [Double](repeating: -0.0, count: 9), second: [Double](repeating: .leastNonzeroMagnitude, count: 9)),
        random: RandomState.State(key: Array(0..<624).map(UInt32.init), position: 17, cachedGaussian: -0.0),
        earlyStopping: EarlyStoppingState(bestLoss: 1e-300, bestEpoch: 2, best: classifier, waited: 1))

    static let snapshots = [
        ModelSnapshot(epoch: 2, loss: 0.7, valLoss: 0.1 + 0.2, weights: classifier.weights, bias: [-0.0, 1, 2]),
        ModelSnapshot(epoch: 4, loss: 0.6, valLoss: 1e-300, weights: [1, 2, 3, 4, 5, 6], bias: [0x1p-1070, 0, 1]),
    ]

    static let fitted = FittedModel(classifier: classifier, standardization: Standardization(mean: [0.5, -0.0], scale: [1, 0.1 + 0.2]))

    static let details = ModelDetails(
        metrics: ClassificationMetrics.multiclass(
            probabilities: [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.3, 0.5], labels: [0, 1, 2], classes: 3),
        validationMetrics: ClassificationMetrics.multiclass(probabilities: [0.5, 0.25, 0.25, 0.2, 0.2, 0.6], labels: [1, 2], classes: 3),
        bestEpoch: 4, stoppedEarly: true, classes: 3, featureNames: ["a", "b"])

    static func model(_ id: String, name: String? = "iris") -> NewModel {
        NewModel(id: id, name: name, fitted: fitted, details: details, createdAt: Date(timeIntervalSince1970: 1_700_000_002.75))
    }
}
