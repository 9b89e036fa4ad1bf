import Engine
import Foundation
import Testing

/// The metrics against scikit-learn 1.9.1 on the fixture's cases: ties for the ROC AUC, a class never predicted
/// (precision and F1 with zero_division's default 0), one class only (AUC undefined), a class absent from both labels
/// (left out of the macro F1).
@Suite struct ClassificationMetricsTests {
    static let tolerance = 1e-12

    @Test func binaryCasesMatchSklearn() throws {
        for fixture in try ModelFixture.load().binary {
            let metrics = ClassificationMetrics.binary(probabilities: fixture.probabilities.map(\.value), targets: fixture.y.map(Double.init))
            let label = fixture.name
            #expect(Compare.close(metrics.loss, fixture.loss.value, relative: Self.tolerance), "\(label) loss \(metrics.loss)")
            #expect(metrics.accuracy == fixture.accuracy.value, "\(label) accuracy")
            if fixture.rocAUC.value.isNaN {
                #expect(metrics.rocAUC == nil, "\(label) AUC is undefined")
            } else {
                #expect(Compare.close(metrics.rocAUC ?? .nan, fixture.rocAUC.value, relative: Self.tolerance), "\(label) AUC \(String(describing: metrics.rocAUC))")
            }
            #expect(metrics.precision == fixture.precision.value, "\(label) precision")
            #expect(metrics.recall == fixture.recall.value, "\(label) recall")
            #expect(Compare.close(metrics.f1 ?? .nan, fixture.f1.value, relative: Self.tolerance), "\(label) f1")
            #expect(metrics.macroF1 == nil)
            #expect(metrics.confusionMatrix == fixture.confusionMatrix, "\(label) confusion")
        }
    }

    @Test func multiclassCasesMatchSklearn() throws {
        for fixture in try ModelFixture.load().multiclass {
            let metrics = ClassificationMetrics.multiclass(
                probabilities: fixture.probabilities.map(\.value), labels: fixture.y, classes: fixture.classes)
            let label = fixture.name
            #expect(Compare.close(metrics.loss, fixture.loss.value, relative: Self.tolerance), "\(label) loss \(metrics.loss)")
            #expect(metrics.accuracy == fixture.accuracy.value, "\(label) accuracy")
            #expect(Compare.close(metrics.macroF1 ?? .nan, fixture.macroF1.value, relative: Self.tolerance), "\(label) macro F1")
            #expect(metrics.rocAUC == nil && metrics.precision == nil && metrics.recall == nil && metrics.f1 == nil)
            #expect(metrics.confusionMatrix == fixture.confusionMatrix, "\(label) confusion")
        }
    }

    @Test func theCasesCoverTheEdges() throws {
        let fixture = try ModelFixture.load()
        let names = Set(fixture.binary.map(\.name) + fixture.multiclass.map(\.name))
        #expect(names.isSuperset(of: ["ties", "never-predicts-positive", "one-class", "all-tied", "never-predicts-2", "absent-class-3"]))
        let never = try #require(fixture.binary.first { $0.name == "never-predicts-positive" })
        #expect(never.precision.value == 0 && never.f1.value == 0)
    }
}
