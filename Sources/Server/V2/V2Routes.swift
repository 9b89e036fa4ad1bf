import Engine
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// The Open Inference Protocol (KServe V2, Triton's and MLServer's HTTP API) over the one model registry, so that
/// `tritonclient`, the `kserve` SDK and their gateways reach descent's models unmodified. `{name}` is a model
/// name, an id or `name@alias`, as in `/predict`. Success is exactly 200; every error is `{"error": "…"}` as
/// `application/json` (``ProblemMiddleware`` renders problems that way under `/v2`).
struct V2Routes {
    let limits: Limits
    let registry: ModelRegistry
    let runner: JobRunner
    let drain: DrainState

    /// The binary tensor extension's header: the length of the JSON part of a body.
    static let headerLengthField = HTTPField.Name("Inference-Header-Content-Length")!
    static let platform = "descent_logistic_regression"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/v2") { _, _ in
            try V2JSON.response(V2ServerMetadata(name: "descent", version: DescentVersion.string, extensions: ["binary_tensor_data"]))
        }
        router.get("/v2/health/live") { _, _ in try V2JSON.response(["live": true]) }
        router.get("/v2/health/ready") { _, _ in
            guard !drain.isDraining && !runner.isStopping else {
                throw Problem(.serviceUnavailable, kind: "not-ready", detail: "descent is shutting down")
            }
            return try V2JSON.response(["ready": true])
        }
        for prefix in ["/v2/models/{name}", "/v2/models/{name}/versions/{version}"] {
            router.get(RouterPath(prefix)) { _, context in
                let (name, model) = try find(context)
                return try V2JSON.response(metadata(name: name, model: model))
            }
            router.get(RouterPath(prefix + "/ready")) { _, context in
                let (name, _) = try find(context)
                return try V2JSON.response(V2ModelReady(name: name, ready: true))
            }
            router.post(RouterPath(prefix + "/infer")) { request, context in
                let (name, model) = try find(context)
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                let infer = try V2InferRequest(
                    body: body, headerLength: request.headers[Self.headerLengthField], maxElements: limits.maxTrainElements)
                let predict = PredictRequest(model: model.id, version: nil, x: infer.x, threshold: infer.threshold, thresholdGiven: infer.thresholdGiven)
                let prediction = try PredictRoutes(limits: limits, registry: registry).answer(predict, found: model)
                return try V2InferResponse.response(modelName: name, modelVersion: model.version, request: infer, prediction: prediction)
            }
        }
    }

    /// The model a path names, with the name as the path gave it.
    private func find(_ context: AppRequestContext) throws -> (String, ModelRecord) {
        let name = try context.pathParameter("name")
        var version: Int?
        if let text = context.parameters.get("version") {
            guard let number = Int(text), number >= 1 else { throw Problem.badRequest("version must be a whole number of at least 1, got '\(text)'") }
            version = number
        }
        let reference = try ModelReference(name, version: version)
        guard let model = registry.model(reference) else { throw RegistryError.notFound(reference) }
        return (name, model)
    }

    private func metadata(name: String, model: ModelRecord) -> V2ModelMetadata {
        let versions = model.name.map { registry.versions(of: $0) } ?? [model.version]
        let classifier = model.predictor.classifier
        return V2ModelMetadata(
            name: name, versions: versions.map(String.init), platform: Self.platform,
            inputs: [V2TensorMetadata(name: "x", datatype: V2Datatype.fp64.rawValue, shape: [-1, classifier.features])],
            outputs: [
                V2TensorMetadata(
                    name: "probabilities", datatype: V2Datatype.fp64.rawValue,
                    shape: classifier.kind == .softmax ? [-1, classifier.outputs] : [-1]),
                V2TensorMetadata(name: "labels", datatype: V2Datatype.int64.rawValue, shape: [-1]),
            ])
    }
}

/// V2 bodies are `application/json` exactly: the kserve SDK reads an error's message only then.
enum V2JSON {
    static func response(_ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try AppRequestContext.encoder.encode(body)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct V2ServerMetadata: Encodable {
    let name: String
    let version: String
    let extensions: [String]
}

struct V2ModelReady: Encodable {
    let name: String
    let ready: Bool
}

struct V2TensorMetadata: Encodable {
    let name: String
    let datatype: String
    let shape: [Int]
}

struct V2ModelMetadata: Encodable {
    let name: String
    let versions: [String]
    let platform: String
    let inputs: [V2TensorMetadata]
    let outputs: [V2TensorMetadata]
}
