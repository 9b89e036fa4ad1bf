import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A V2 `infer` answer: a JSON header (`model_name`, `model_version`, `id`, `outputs`) and, for outputs asked for
/// in binary, their little-endian bytes after it (`Inference-Header-Content-Length` gives the header's length).
/// `data` is always flat; no number is ever a `NaN` or `Infinity` token (the prediction refuses those first).
enum V2InferResponse {
    struct Header: Encodable {
        let modelName: String
        let modelVersion: String
        let id: String?
        let outputs: [Output]

        enum CodingKeys: String, CodingKey {
            case id, outputs
            case modelName = "model_name"
            case modelVersion = "model_version"
        }
    }

    struct Output: Encodable {
        let name: String
        let datatype: String
        let shape: [Int]
        let data: Values?
        let parameters: Parameters?
    }

    struct Parameters: Encodable {
        let binaryDataSize: Int

        enum CodingKeys: String, CodingKey { case binaryDataSize = "binary_data_size" }
    }

    enum Values: Encodable {
        case doubles([Double])
        case integers([Int])

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .doubles(let values): try values.encode(to: encoder)
            case .integers(let values): try values.encode(to: encoder)
            }
        }
    }

    static func response(modelName: String, modelVersion: Int, request: V2InferRequest, prediction: PredictResponse) throws -> Response {
        let rows = prediction.probabilities.count
        var binary = ByteBuffer()
        var outputs: [Output] = []
        for output in request.outputs {
            let isProbabilities = output.name == "probabilities"
            let datatype = isProbabilities ? V2Datatype.fp64 : V2Datatype.int64
            if output.binary {
                let start = binary.writerIndex
                if isProbabilities {
                    for value in prediction.probabilities { binary.writeInteger(value.bitPattern, endianness: .little) }
                } else {
                    for label in prediction.labels { binary.writeInteger(Int64(label), endianness: .little) }
                }
                outputs.append(Output(
                    name: output.name, datatype: datatype.rawValue, shape: [rows], data: nil,
                    parameters: Parameters(binaryDataSize: binary.writerIndex - start)))
            } else {
                let values: Values = isProbabilities ? .doubles(prediction.probabilities) : .integers(prediction.labels)
                outputs.append(Output(name: output.name, datatype: datatype.rawValue, shape: [rows], data: values, parameters: nil))
            }
        }
        let header = try AppRequestContext.encoder.encode(
            Header(modelName: modelName, modelVersion: String(modelVersion), id: request.id, outputs: outputs))
        guard binary.readableBytes > 0 else {
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: header)))
        }
        var body = ByteBuffer(bytes: header)
        body.writeBuffer(&binary)
        return Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream", V2Routes.headerLengthField: String(header.count)],
            body: ResponseBody(byteBuffer: body))
    }
}
