import Engine

/// A model's `metrics` (and `val_metrics`) beyond `loss` and `accuracy`: binary `roc_auc`, `precision`, `recall`,
/// `f1`; multiclass `macro_f1`; and `confusion_matrix` (k×k, rows = true class). Members the model's kind does not
/// have are left out; a binary `roc_auc` the rows cannot give (one class only) is `null`.
struct MetricsBody: Encodable, Sendable {
    let metrics: ClassificationMetrics
    /// k: 2 for logistic.
    let classes: Int
    let kind: ModelKind

    enum CodingKeys: String, CodingKey {
        case loss, accuracy, precision, recall, f1
        case rocAUC = "roc_auc"
        case macroF1 = "macro_f1"
        case confusionMatrix = "confusion_matrix"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metrics.loss, forKey: .loss)
        try container.encode(metrics.accuracy, forKey: .accuracy)
        if kind == .logistic {
            try container.encode(metrics.rocAUC, forKey: .rocAUC)
            try container.encodeIfPresent(metrics.precision, forKey: .precision)
            try container.encodeIfPresent(metrics.recall, forKey: .recall)
            try container.encodeIfPresent(metrics.f1, forKey: .f1)
        }
        try container.encodeIfPresent(metrics.macroF1, forKey: .macroF1)
        try container.encode(metrics.confusionMatrix, forKey: .confusionMatrix)
    }
}
