import Engine
import Testing

/// Standardisation statistics against scikit-learn's `StandardScaler` on the datasets' training rows, a constant
/// feature, and the scaling applied at prediction.
@Suite struct StandardizationTests {
    @Test(arguments: ["breast_cancer", "digits", "wine"])
    func statisticsMatchStandardScaler(name: String) throws {
        let info = try #require(try ModelFixture.load().datasets.first { $0.name == name })
        let data = try DatasetCSV.load(name)
        let scaling = Standardization.fit(data.trainX)
        #expect(Compare.firstDistant(scaling.mean, info.scalerMean.map(\.value), relative: 1e-12) == nil)
        #expect(Compare.firstDistant(scaling.scale, info.scalerScale.map(\.value), relative: 1e-12) == nil)
    }

    @Test func constantFeatureIsCentredAndDividedByOne() {
        let x = NDArray(shape: [3, 2], data: [0.1, 1, 0.1, 2, 0.1, 6])
        let scaling = Standardization.fit(x)
        #expect(scaling.mean == [0.1, 3])
        #expect(scaling.scale[0] == 1)
        #expect(Compare.close(scaling.scale[1], (14.0 / 3).squareRoot(), relative: 1e-15))
        let scaled = scaling.apply(x)
        #expect([scaled.data[0], scaled.data[2], scaled.data[4]] == [0, 0, 0])
    }

    @Test func theModelScalesRowsItPredicts() throws {
        var rng = RandomState(seed: UInt32(5))
        let raw = rng.randn([50, 3]).data.enumerated().map { $0.element * 10 + Double($0.offset % 3) * 100 }
        let x = NDArray(shape: [50, 3], data: raw)
        let y = NDArray(shape: [50], data: (0..<50).map { raw[$0 * 3] > 0 ? 1 : 0 })
        let plan = TrainingPlan(standardize: true, epochs: 50, learningRate: 0.5)
        let result = try ModelTrainer.train(try TrainingInput(x: x, y: y, plan: plan), seed: 5)
        let scaling = try #require(result.model.standardization)
        #expect(scaling == Standardization.fit(x))
        let direct = FittedModel(classifier: result.model.classifier, standardization: nil).probabilities(scaling.apply(x))
        #expect(result.model.probabilities(x) == direct)
        #expect(result.metrics.accuracy > 0.9)
    }
}
