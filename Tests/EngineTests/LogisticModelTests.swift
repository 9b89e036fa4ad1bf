import Engine
import Foundation
import Testing

/// `LogisticModel`: the notebook's initialisation and `σ(xw + b)`.
@Suite struct LogisticModelTests {
    static let model = LogisticModel(weights: [0.5, -0.25, 2], bias: 0.125)

    static func sigmoid(_ row: [Double]) -> Double {
        let z = zip(row, model.weights).reduce(0) { $0 + $1.0 * $1.1 } + model.bias
        return 1 / (1 + exp(-z))
    }

    @Test func probabilityOfOneRow() {
        let row = [1.0, 2.0, -0.5]
        let got = Self.model.probabilities(NDArray(shape: [3], data: row))
        #expect(got.count == 1)
        #expect(Compare.within(got[0], Self.sigmoid(row), 1e-15))
    }

    @Test func probabilitiesOfABatch() {
        let rows: [[Double]] = [[1, 2, -0.5], [0, 0, 0], [-3, 4, 1.5], [10, -10, 7]]
        let got = Self.model.probabilities(NDArray(shape: [4, 3], data: rows.flatMap { $0 }))
        #expect(got.count == 4)
        for (probability, row) in zip(got, rows) {
            #expect(Compare.within(probability, Self.sigmoid(row), 1e-15), "\(row)")
        }
        #expect(got[1] == 1 / (1 + exp(-0.125)))
    }

    @Test func extremeLogitsSaturate() {
        let model = LogisticModel(weights: [1], bias: 0)
        #expect(model.probabilities(NDArray(shape: [2, 1], data: [1000, -1000])) == [1, 0])
    }

    @Test func randomDrawsWeightsThenBias() throws {
        var rng = try RandomState(seed: 42)
        let model = LogisticModel.random(features: 3, using: &rng)
        #expect(model.weights == [0.3745401188473625, 0.9507143064099162, 0.7319939418114051])
        #expect(model.bias == 0.5986584841970366)
        #expect(model.features == 3)
    }
}
