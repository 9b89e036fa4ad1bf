import Engine
import Wire

/// The body of `POST /predict`: which model, and the rows to score.
///
/// `x` is one row (d) or rows (n × d), finite; the route checks d against the model's feature count.
struct PredictRequest {
    /// A model id or name.
    let model: String
    /// A version of a named model; nil means its newest.
    let version: Int?
    /// Shape (d) or (n, d).
    let x: NDArray
    /// Probabilities at or above it are labelled 1.
    let threshold: Double
    /// Whether the request named a threshold (a softmax model refuses one: its labels are argmax ids).
    let thresholdGiven: Bool

    static let members: Set<String> = ["model", "version", "x", "threshold"]
    static let defaultThreshold = 0.5

    /// A request already in hand (the V2 `infer` route decodes its own wire format).
    init(model: String, version: Int?, x: NDArray, threshold: Double, thresholdGiven: Bool = false) {
        self.model = model
        self.version = version
        self.x = x
        self.threshold = threshold
        self.thresholdGiven = thresholdGiven
    }

    init(json: JSONValue, limits: Limits) throws(WireError) {
        let body = try ObjectMembers(json, allowed: Self.members)
        guard let model = try body.string("model") else { throw body.missing("model") }
        let version = try body.integer("version")
        let threshold = try body.number("threshold") ?? Self.defaultThreshold
        guard let xValue = body.value("x") else { throw body.missing("x") }

        guard !model.isEmpty else {
            throw WireError.unprocessable("'model' must not be empty", pointer: body.pointer("model"))
        }
        if let version, version < 1 {
            throw WireError.unprocessable("'version' must be at least 1, got \(version)", pointer: body.pointer("version"))
        }
        guard threshold >= 0 && threshold <= 1 else {
            throw WireError.unprocessable(
                "'threshold' must be between 0 and 1, got \(NDArrayDecoder.spelling(threshold))", pointer: body.pointer("threshold"))
        }
        let decoder = NDArrayDecoder(
            member: "x", pointer: "/x", allowNonFinite: false, maxElements: limits.maxTrainElements, limitFlag: "max-train-elements")
        let x = try decoder.decode(xValue)
        guard x.ndim == 1 || x.ndim == 2 else {
            throw WireError.unprocessable(
                "'x' must be one row (features) or rows (samples × features), got shape \(ShapeDecoder.describe(x.shape))",
                pointer: "/x")
        }
        self.model = model
        self.version = version
        self.x = x
        self.threshold = threshold
        thresholdGiven = body.has("threshold")
    }
}
