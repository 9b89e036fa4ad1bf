import Engine
import Foundation

/// models.json, written by `scripts/make-model-fixtures.py` (scikit-learn 1.9.1).
struct ModelFixture: Decodable, Sendable {
    let sklearn: String
    let binary: [BinaryMetricCase]
    let multiclass: [MulticlassMetricCase]
    let datasets: [DatasetInfo]

    static func load() throws -> ModelFixture { try Fixtures.load("models") }
}

/// Probabilities and 0/1 labels, with what `sklearn.metrics` gives for them (at the threshold 0.5).
struct BinaryMetricCase: Decodable, Sendable {
    let name: String
    let y: [Int]
    let probabilities: [FixtureDouble]
    let loss: FixtureDouble
    let accuracy: FixtureDouble
    /// NaN when y holds one class only.
    let rocAUC: FixtureDouble
    let precision: FixtureDouble
    let recall: FixtureDouble
    let f1: FixtureDouble
    let confusionMatrix: [[Int]]
}

/// k probabilities per row and class ids, with what `sklearn.metrics` gives for them (argmax predictions).
struct MulticlassMetricCase: Decodable, Sendable {
    let name: String
    let classes: Int
    let y: [Int]
    let probabilities: [FixtureDouble]
    let loss: FixtureDouble
    let accuracy: FixtureDouble
    let macroF1: FixtureDouble
    let confusionMatrix: [[Int]]
}

/// One bundled sklearn dataset: its size, sklearn's held-out accuracy and its scaler's statistics on the train rows.
struct DatasetInfo: Decodable, Sendable {
    let name: String
    let samples: Int
    let features: Int
    let classes: Int
    let trainRows: Int
    let testRows: Int
    let sklearnAccuracy: FixtureDouble
    let sklearnMisclassified: Int
    let scalerMean: [FixtureDouble]
    let scalerScale: [FixtureDouble]
}

/// A dataset CSV (features, `label`, `split`) read by a tiny test-only reader: no quoting, one header line.
struct DatasetCSV {
    let trainX: NDArray
    let trainY: [Double]
    let testX: NDArray
    let testY: [Double]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ name: String) throws -> DatasetCSV {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures/datasets") else {
            throw Fixtures.Missing(name: "datasets/\(name)")
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        guard let header = lines.first?.split(separator: ",") else { throw Malformed(description: "\(name): empty") }
        let d = header.count - 2
        var train: [Double] = []
        var test: [Double] = []
        var trainY: [Double] = []
        var testY: [Double] = []
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == d + 2, let label = Double(fields[d]) else { throw Malformed(description: "\(name) line \(index + 2)") }
            var values: [Double] = []
            for field in fields.prefix(d) {
                guard let value = Double(field) else { throw Malformed(description: "\(name) line \(index + 2): \(field)") }
                values.append(value)
            }
            if fields[d + 1] == "train" {
                train += values
                trainY.append(label)
            } else {
                test += values
                testY.append(label)
            }
        }
        return DatasetCSV(
            trainX: NDArray(shape: [trainY.count, d], data: train), trainY: trainY, testX: NDArray(shape: [testY.count, d], data: test),
            testY: testY)
    }
}
