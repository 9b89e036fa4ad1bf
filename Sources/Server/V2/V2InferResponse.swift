import HTTPTypes
import Hummingbird
import NIOCore
import Wire

/// A V2 `infer` answer: a JSON header (`model_name`, `model_version`, `id`, `outputs`) and, for outputs asked for
/// in binary, their little-endian bytes after it (`Inference-Header-Content-Length` gives the header's length).
/// `data` is always flat; no number is ever a `NaN` or `Infinity` token (the prediction refuses those first).
enum V2InferResponse {
    static func response(modelName: String, modelVersion: Int, request: V2InferRequest, prediction: PredictResponse) throws -> Response {
        let rows = prediction.rows
        var binary = ByteBuffer()
        // Written by hand in sorted-key order (absent members omitted), like `/predict`'s answer.
        var header = ByteBuffer()
        header.reserveCapacity(160 + rows * 28)
        header.writeInteger(UInt8(ascii: "{"))
        if let id = request.id {
            header.writeStaticString(#""id":"#)
            JSONTextWriter.writeString(id, into: &header)
            header.writeInteger(UInt8(ascii: ","))
        }
        header.writeStaticString(#""model_name":"#)
        JSONTextWriter.writeString(modelName, into: &header)
        header.writeStaticString(#","model_version":"#)
        JSONTextWriter.writeString(String(modelVersion), into: &header)
        header.writeStaticString(#","outputs":["#)
        for (index, output) in request.outputs.enumerated() {
            let isProbabilities = output.name == "probabilities"
            let datatype = isProbabilities ? V2Datatype.fp64 : V2Datatype.int64
            if index > 0 { header.writeInteger(UInt8(ascii: ",")) }
            header.writeInteger(UInt8(ascii: "{"))
            var binarySize: Int?
            if output.binary {
                let start = binary.writerIndex
                if isProbabilities {
                    for value in prediction.probabilities { binary.writeInteger(value.bitPattern, endianness: .little) }
                } else {
                    for label in prediction.labels { binary.writeInteger(Int64(label), endianness: .little) }
                }
                binarySize = binary.writerIndex - start
            } else {
                header.writeStaticString(#""data":"#)
                if isProbabilities {
                    JSONTextWriter.writeNumbers(prediction.probabilities, into: &header)
                } else {
                    JSONTextWriter.writeIntegers(prediction.labels, into: &header)
                }
                header.writeInteger(UInt8(ascii: ","))
            }
            header.writeStaticString(#""datatype":"#)
            JSONTextWriter.writeString(datatype.rawValue, into: &header)
            header.writeStaticString(#","name":"#)
            JSONTextWriter.writeString(output.name, into: &header)
            if let binarySize {
                header.writeStaticString(#","parameters":{"binary_data_size":"#)
                JSONTextWriter.writeInteger(binarySize, into: &header)
                header.writeInteger(UInt8(ascii: "}"))
            }
            header.writeStaticString(#","shape":["#)
            JSONTextWriter.writeInteger(rows, into: &header)
            if isProbabilities && prediction.outputs > 1 {
                // A softmax model's probabilities: rows × k, row-major in `data`.
                header.writeInteger(UInt8(ascii: ","))
                JSONTextWriter.writeInteger(prediction.outputs, into: &header)
            }
            header.writeStaticString("]}")
        }
        header.writeStaticString("]}")
        guard binary.readableBytes > 0 else {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: header))
        }
        let headerLength = header.readableBytes
        header.writeBuffer(&binary)
        return Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream", V2Routes.headerLengthField: String(headerLength)],
            body: ResponseBody(byteBuffer: header))
    }
}
