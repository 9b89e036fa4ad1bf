// TEMPORARY stand-in for the wire helper's types (brief: "Wire <-> server contract"), so routes compile before the
// `wire` branch is merged. Deleted by the merge commit; nothing here is ever called in a test.
import Engine
import NIOCore

enum JSONValue: Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue])
    case object([(key: String, value: JSONValue)]), numbers(NDArray)
}

enum JSONParser {
    static func parse(_ buffer: ByteBuffer) throws(Problem) -> JSONValue { fatalError("wire branch not merged") }
}

struct BroadcastRequest {
    enum Kind { case shapes([[Int]]), operation(ArrayOperation, a: NDArray, b: NDArray) }
    let kind: Kind
    init(json: JSONValue, limits: Limits) throws(Problem) { fatalError("wire branch not merged") }
    static func checkResultSize(_ shape: [Int], limits: Limits) throws(Problem) { fatalError("wire branch not merged") }
}

struct TrainRequest {
    enum Data { case given(TrainingSet), generate(samples: Int, features: Int) }
    let data: Data
    let epochs: Int
    let learningRate: Double
    let seed: UInt32?
    let snapshotEvery: Int
    let name: String?
    let wait: Bool
    init(json: JSONValue, limits: Limits) throws(Problem) { fatalError("wire branch not merged") }
}

struct PredictRequest {
    let model: String
    let version: Int?
    let x: NDArray
    let threshold: Double
    init(json: JSONValue, limits: Limits) throws(Problem) { fatalError("wire branch not merged") }
}
