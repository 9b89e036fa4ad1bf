import Dispatch
import Engine
import Hummingbird
import Storage

/// `POST /predict`: probabilities and labels from a registered model, for one row `(d,)` or rows `(n, d)`.
///
/// Reads the registry under its lock for one dictionary lookup; never waits for training.
struct PredictRoutes {
    let limits: Limits
    let registry: ModelRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/predict") { request, context in
            if CSVRequestBody.isCSV(request) { return try await csvAnswer(request) }
            let predict = try PredictRequest(json: try await JSONRequestBody.json(request, context: context), limits: limits)
            return JSONBody.response(bytes: try answer(predict).json)
        }
    }

    func answer(_ predict: PredictRequest) throws(Problem) -> PredictResponse {
        let reference: ModelReference
        do {
            reference = try ModelReference(predict.model, version: predict.version)
        } catch {
            throw Problem(error)
        }
        guard let found = registry.model(reference) else { throw Problem(RegistryError.notFound(reference)) }
        return try answer(predict, found: found)
    }

    /// The prediction of `found` for `predict.x` (one row or rows, as `PredictRequest` checked).
    func answer(_ predict: PredictRequest, found: ModelRecord) throws(Problem) -> PredictResponse {
        if let fitted = found.fitted { return try answer(predict, found: found, fitted: fitted) }
        let x = predict.x
        let width = x.shape[x.ndim - 1]
        guard width == found.model.features else {
            throw Problem.unprocessable(
                "model \(found.label) expects \(found.model.features) features, got \(width)", kind: "feature-mismatch", pointer: "/x"
            )
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let probabilities = found.model.probabilities(x)
        // Finite but huge inputs can overflow x·w to ±infinity and their sum to NaN; say so instead of answering NaN.
        if let row = probabilities.firstIndex(where: \.isNaN) {
            let pointer = x.ndim == 1 ? "/x" : "/x/\(row)"
            throw Problem.unprocessable("x·w + b is not a number for \(x.ndim == 1 ? "x" : "row \(row)") (values too large)", pointer: pointer)
        }
        // Counted once answered: rows predicted, and the time the model took.
        registry.metrics.predicted(
            name: found.metricsName, version: found.version, rows: probabilities.count,
            nanoseconds: Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start))
        let labels = probabilities.map { $0 >= predict.threshold ? 1 : 0 }
        return PredictResponse(
            modelID: found.id, name: found.name, version: found.version, probabilities: probabilities, labels: labels
        )
    }
}
