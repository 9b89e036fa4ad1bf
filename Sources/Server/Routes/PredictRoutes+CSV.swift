import Engine
import Hummingbird
import NIOCore
import Storage
import Wire

/// `POST /predict?model=…` with a CSV body: a header naming the model's feature columns (in any order; other columns
/// are passed through), answered as CSV with the passed-through columns, `probability` (or `p_0…p_{k-1}`) and
/// `label`. The model must have been trained from CSV (it keeps its feature names); `version` and `threshold` come
/// from the query string.
extension PredictRoutes {
    func csvAnswer(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let name = query.get("model"), !name.isEmpty else {
            throw WireError.badRequest("a CSV /predict names its model in the query string: ?model=NAME")
        }
        let version = try ModelRoutes.version(query.get("version"))
        var threshold = PredictRequest.defaultThreshold
        let thresholdText = query.get("threshold")
        if let thresholdText {
            guard let value = Double(thresholdText), value >= 0, value <= 1 else {
                throw WireError.unprocessable("'threshold' must be between 0 and 1, got '\(thresholdText)'", pointer: "/threshold")
            }
            threshold = value
        }
        let reference: ModelReference
        do {
            reference = try ModelReference(name, version: version)
        } catch {
            throw Problem(error)
        }
        guard let found = registry.model(reference) else { throw Problem(RegistryError.notFound(reference)) }
        guard let features = found.details?.featureNames ?? found.params.options.featureNames else {
            throw Problem.unprocessable(
                "model \(found.label) was not trained from CSV, so its features have no column names; send JSON rows instead",
                kind: "feature-mismatch", pointer: nil)
        }
        let table = try await CSVRequestBody.table(request, numericColumns: .prediction(features: features), limits: limits)
        let input: CSVPredictionInput
        do throws(CSVError) { input = try table.predictionInput(features: features) } catch { throw error.wireError }
        let predict = PredictRequest(model: found.id, version: nil, x: input.x, threshold: threshold, thresholdGiven: thresholdText != nil)
        let prediction = try answer(predict, found: found)
        var buffer = ByteBuffer()
        let probabilities: CSVProbabilities =
            prediction.outputs == 1 ? .binary(prediction.probabilities) : .classes(prediction.probabilities, count: prediction.outputs)
        CSVWriter.writePredictions(passThrough: input.passThrough, probabilities: probabilities, labels: prediction.labels, into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: ResponseBody(byteBuffer: buffer))
    }
}
