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
    /// Row after row: one value per row (logistic), or k (softmax).
    let probabilities: [Double]
    let labels: [Int]
    /// Probabilities per row: 1 for logistic, k for softmax (written as n rows of k).
    var outputs = 1

    /// Rows predicted.
    var rows: Int { labels.count }

    enum CodingKeys: String, CodingKey {
        case name, version, probabilities, labels
        case modelID = "model_id"
    }

    /// `{"labels":[…],"model_id":"…","name":"…","probabilities":[…],"version":1}`; a softmax model's probabilities are
    /// `[[p_0,…,p_{k-1}],…]`.
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
        if outputs == 1 {
            JSONTextWriter.writeNumbers(probabilities, into: &buffer)
        } else {
            buffer.writeInteger(UInt8(ascii: "["))
            for row in 0..<rows {
                if row > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                JSONTextWriter.writeNumbers(Array(probabilities[(row * outputs)..<(row * outputs + outputs)]), into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        buffer.writeStaticString(#","version":"#)
        JSONTextWriter.writeInteger(version, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }
}
