import Dispatch
import Engine
import Storage

/// `/predict` (and V2 `infer`) for a model trained beyond the notebook: its ``FittedModel`` applies the learned
/// standardisation, a logistic model labels at the request's threshold, and a softmax model answers k probabilities
/// per row with argmax labels (a `threshold` is a 422: it has no meaning there).
extension PredictRoutes {
    func answer(_ predict: PredictRequest, found: ModelRecord, fitted: FittedModel) throws(Problem) -> PredictResponse {
        let classifier = fitted.classifier
        if classifier.kind == .softmax && predict.thresholdGiven {
            throw Problem.unprocessable(
                "'threshold' is for logistic models; model \(found.label) is softmax and labels each row with its most probable class",
                pointer: "/threshold")
        }
        let x = predict.x
        let width = x.shape[x.ndim - 1]
        guard width == classifier.features else {
            throw Problem.unprocessable(
                "model \(found.label) expects \(classifier.features) features, got \(width)", kind: "feature-mismatch", pointer: "/x")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let probabilities = fitted.probabilities(x)
        let outputs = classifier.outputs
        if let index = probabilities.firstIndex(where: \.isNaN) {
            let row = index / outputs
            let pointer = x.ndim == 1 ? "/x" : "/x/\(row)"
            throw Problem.unprocessable("x·w + b is not a number for \(x.ndim == 1 ? "x" : "row \(row)") (values too large)", pointer: pointer)
        }
        let rows = probabilities.count / outputs
        registry.metrics.predicted(
            name: found.metricsName, version: found.version, rows: rows,
            nanoseconds: Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start))
        let labels: [Int]
        switch classifier.kind {
        case .logistic: labels = probabilities.map { $0 >= predict.threshold ? 1 : 0 }
        case .softmax: labels = FittedModel.labels(probabilities: probabilities, kind: .softmax, outputs: outputs)
        }
        return PredictResponse(
            modelID: found.id, name: found.name, version: found.version, probabilities: probabilities, labels: labels, outputs: outputs)
    }
}
