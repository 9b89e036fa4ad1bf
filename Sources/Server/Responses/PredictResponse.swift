import NIOCore
import Wire

/// `POST /predict`: which model answered, and one probability and label per row.
///
/// Written by hand (``JSONTextWriter``), in the sorted-key order every other body has: a Foundation `JSONEncoder`
/// walk cost most of this route's own time. Decodable for tests.
struct PredictResponse: Decodable, Equatable {
    let modelID: String
    let name: String?
    let version: Int
    let probabilities: [Double]
    let labels: [Int]

    enum CodingKeys: String, CodingKey {
        case name, version, probabilities, labels
        case modelID = "model_id"
    }

    /// `{"labels":[…],"model_id":"…","name":"…","probabilities":[…],"version":1}`.
    var json: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(96 + probabilities.count * 26)
        buffer.writeStaticString(#"{"labels":"#)
        JSONTextWriter.writeIntegers(labels, into: &buffer)
        buffer.writeStaticString(#","model_id":"#)
        JSONTextWriter.writeString(modelID, into: &buffer)
        buffer.writeStaticString(#","name":"#)
        JSONTextWriter.writeString(name, orNullInto: &buffer)
        buffer.writeStaticString(#","probabilities":"#)
        JSONTextWriter.writeNumbers(probabilities, into: &buffer)
        buffer.writeStaticString(#","version":"#)
        JSONTextWriter.writeInteger(version, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }
}
