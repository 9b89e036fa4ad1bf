import Engine
import Foundation
import Testing

/// Prediction with a fitted model, and its stored form.
@Suite struct LinearClassifierTests {
    static let softmax = LinearClassifier(kind: .softmax, features: 2, weights: [1, -1, 0, 0.5, 2, -3], bias: [0, 0.1, -0.2])

    @Test func softmaxRowsAreDistributionsAndLabelsTheirArgmax() {
        let model = FittedModel(classifier: Self.softmax, standardization: nil)
        let x = NDArray(shape: [3, 2], data: [1, 0, 0, 1, -2, 3])
        let p = model.probabilities(x)
        #expect(p.count == 9)
        for row in 0..<3 { #expect(abs(p[row * 3..<row * 3 + 3].reduce(0, +) - 1) < 1e-15) }
        // z = b + x·W by hand: row 0 (1, -0.9, -0.2), row 1 (0.5, 2.1, -3.2), row 2 (-0.5, 8.1, -9.2).
        #expect(model.labels(x) == [0, 1, 1])
        let z0 = [1.0, -0.9, -0.2].map(exp)
        #expect(Compare.close(p[0], z0[0] / z0.reduce(0, +), relative: 1e-15))
    }

    @Test func logisticPredictsAsTheNotebookModel() {
        let notebook = LogisticModel(weights: [0.3, -0.7], bias: 0.1)
        let model = FittedModel(classifier: LinearClassifier(notebook), standardization: nil)
        let x = NDArray(shape: [2, 2], data: [1, 2, -3, 0.5])
        #expect(model.probabilities(x) == notebook.probabilities(x))
        #expect(model.labels(x) == notebook.probabilities(x).map { $0 >= 0.5 ? 1 : 0 })
    }

    @Test func storedModelRoundTripsAndBadShapesAreRejected() throws {
        let model = FittedModel(classifier: Self.softmax, standardization: Standardization(mean: [1, 2], scale: [3, 1]))
        let data = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(FittedModel.self, from: data) == model)
        let broken = #"{"classifier":{"kind":"softmax","features":2,"weights":[1,2,3],"bias":[0,0,0]}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FittedModel.self, from: Data(broken.utf8)) }
        let mismatch = #"{"classifier":{"kind":"logistic","features":1,"weights":[1],"bias":[0]},"standardization":{"mean":[0,0],"scale":[1,1]}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FittedModel.self, from: Data(mismatch.utf8)) }
    }
}
