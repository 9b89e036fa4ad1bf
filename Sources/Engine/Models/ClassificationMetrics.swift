import Foundation

/// How well a model fits a set of rows, with scikit-learn's formulas (`sklearn.metrics`, checked against 1.9.1).
///
/// - `loss`: `log_loss`, the mean cross-entropy of the probabilities clipped to `[ε, 1−ε]` (ε = 2⁻⁵², as sklearn);
///   no penalty term.
/// - `accuracy`: `accuracy_score` of the predicted classes (`p ≥ 0.5` for logistic, argmax for softmax).
/// - binary: `roc_auc_score` (ties count half; nil when the rows hold one class only, where sklearn gives NaN),
///   `precision_score`, `recall_score`, `f1_score` for class 1; a zero denominator gives 0, sklearn's default
///   `zero_division="warn"` result.
/// - multiclass: `f1_score(average="macro")`: the mean of the per-class F1 over the classes that occur in the true or
///   the predicted labels (sklearn's default `labels=None`), each with zero_division 0.
/// - `confusionMatrix`: k×k counts, row = true class, column = predicted (`confusion_matrix(labels=range(k))`).
///
/// Logistic targets are probabilities: the true class of a row is `y ≥ 0.5`, and the loss uses `y` itself.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    public let loss: Double
    public let accuracy: Double
    public let rocAUC: Double?
    public let precision: Double?
    public let recall: Double?
    public let f1: Double?
    public let macroF1: Double?
    public let confusionMatrix: [[Int]]

    /// Binary metrics from P(class 1) per row and targets in [0, 1].
    public static func binary(probabilities: [Double], targets: [Double]) -> ClassificationMetrics {
        precondition(probabilities.count == targets.count && !targets.isEmpty, "one probability per target")
        let eps = Double.ulpOfOne
        var lossSum = 0.0
        var matrix = [[0, 0], [0, 0]]
        for (p, target) in zip(probabilities, targets) {
            let clipped = Swift.min(Swift.max(p, eps), 1 - eps)
            lossSum -= target * Foundation.log(clipped) + (1 - target) * Foundation.log(1 - clipped)
            matrix[target >= 0.5 ? 1 : 0][p >= 0.5 ? 1 : 0] += 1
        }
        let truePositive = matrix[1][1]
        let falsePositive = matrix[0][1]
        let falseNegative = matrix[1][0]
        let n = Double(targets.count)
        return ClassificationMetrics(
            loss: lossSum / n,
            accuracy: Double(matrix[0][0] + truePositive) / n,
            rocAUC: rocAUC(scores: probabilities, positive: targets.map { $0 >= 0.5 }),
            precision: ratio(truePositive, truePositive + falsePositive),
            recall: ratio(truePositive, truePositive + falseNegative),
            f1: ratio(2 * truePositive, 2 * truePositive + falsePositive + falseNegative),
            macroF1: nil,
            confusionMatrix: matrix)
    }

    /// Multiclass metrics from k probabilities per row (row after row) and class ids 0…k−1.
    public static func multiclass(probabilities: [Double], labels: [Int], classes k: Int) -> ClassificationMetrics {
        precondition(probabilities.count == labels.count * k && !labels.isEmpty, "k probabilities per label")
        let eps = Double.ulpOfOne
        var lossSum = 0.0
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        let predicted = FittedModel.labels(probabilities: probabilities, kind: .softmax, outputs: k)
        for (row, label) in labels.enumerated() {
            lossSum -= Foundation.log(Swift.min(Swift.max(probabilities[row * k + label], eps), 1 - eps))
            matrix[label][predicted[row]] += 1
        }
        var correct = 0
        var f1Sum = 0.0
        var present = 0
        for c in 0..<k {
            correct += matrix[c][c]
            let trueCount = matrix[c].reduce(0, +)
            let predictedCount = matrix.reduce(0) { $0 + $1[c] }
            guard trueCount + predictedCount > 0 else { continue }
            present += 1
            f1Sum += ratio(2 * matrix[c][c], trueCount + predictedCount)
        }
        let n = Double(labels.count)
        return ClassificationMetrics(
            loss: lossSum / n, accuracy: Double(correct) / n, rocAUC: nil, precision: nil, recall: nil, f1: nil,
            macroF1: f1Sum / Double(present), confusionMatrix: matrix)
    }

    /// `numerator/denominator`, or 0 when the denominator is 0 (sklearn's zero_division default).
    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    /// The area under the ROC curve: rows sorted by score, tied scores taken as one threshold (a trapezoid), counted
    /// exactly in integers and divided once; nil when one class is missing.
    static func rocAUC(scores: [Double], positive: [Bool]) -> Double? {
        let positives = positive.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = 0
        var falsePositives = 0
        var doubledArea = 0  // Σ Δfp·(tp + tp_previous): twice the area in units of one positive × one negative
        var index = 0
        while index < order.count {
            let threshold = scores[order[index]]
            let (previousTrue, previousFalse) = (truePositives, falsePositives)
            while index < order.count, scores[order[index]] == threshold {
                if positive[order[index]] { truePositives += 1 } else { falsePositives += 1 }
                index += 1
            }
            doubledArea += (falsePositives - previousFalse) * (truePositives + previousTrue)
        }
        return Double(doubledArea) / (2 * Double(positives) * Double(negatives))
    }
}
