import Engine
import NIOCore
import Wire

/// A V2 `infer` request, decoded: its one input tensor as float64, the outputs asked for, and how to send them.
///
/// With the binary tensor extension the body is `Inference-Header-Content-Length` bytes of JSON, then each input's
/// raw bytes in order, sized by its `binary_data_size`. Every size is checked against the bytes that arrived
/// before anything is allocated. Unknown members are ignored (clients add their own); `BYTES` tensors are refused.
struct V2InferRequest: Sendable {
    /// One requested output.
    struct Output: Sendable, Equatable {
        let name: String
        /// Whether it goes back as raw bytes after the JSON header.
        let binary: Bool
    }

    /// The request's `id`, echoed back.
    let id: String?
    /// The input as an array of shape (d) or (n, d).
    let x: NDArray
    /// The outputs asked for, in order (all of them when the request names none).
    let outputs: [Output]
    /// Probabilities at or above it are labelled 1 (request parameter `threshold`, default 0.5).
    let threshold: Double
    /// Whether the request named a threshold (a softmax model refuses one).
    let thresholdGiven: Bool

    /// The outputs a model has, in the order they are sent when none is named.
    static let outputNames = ["probabilities", "labels"]

    /// Decodes `body`; `headerLength` is the `Inference-Header-Content-Length` value when the header was sent.
    init(body: ByteBuffer, headerLength: String?, maxElements: Int) throws(Problem) {
        var jsonPart = body
        var binary = ByteBuffer()
        if let headerLength {
            guard let length = Int(headerLength), length >= 0, length <= body.readableBytes else {
                throw Problem.badRequest(
                    "Inference-Header-Content-Length must be a whole number from 0 to the body's \(body.readableBytes) bytes, got '\(headerLength)'")
            }
            jsonPart = body.getSlice(at: body.readerIndex, length: length) ?? ByteBuffer()
            binary = body.getSlice(at: body.readerIndex + length, length: body.readableBytes - length) ?? ByteBuffer()
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(jsonPart)
        } catch {
            throw Problem(error)
        }
        guard case .object(let members) = json else {
            throw Problem.badRequest("the inference request must be a JSON object, got \(json.kindDescription)")
        }
        let request = V2Members(members, at: "")
        id = try request.string("id")
        let parameters = try request.object("parameters")
        let givenThreshold = try parameters?.number("threshold")
        threshold = givenThreshold ?? PredictRequest.defaultThreshold
        thresholdGiven = givenThreshold != nil
        guard threshold >= 0 && threshold <= 1 else {
            throw Problem.badRequest("parameter 'threshold' must be between 0 and 1, got \(NonFiniteSpelling.text(of: threshold))")
        }
        let binaryByDefault = try parameters?.bool("binary_data_output") ?? false

        guard let inputs = try request.array("inputs") else { throw Problem.badRequest("missing member 'inputs'") }
        guard inputs.count == 1 else {
            throw Problem.badRequest("a descent model takes exactly one input tensor (its rows, x), got \(inputs.count)")
        }
        guard case .object(let inputMembers) = inputs[0] else { throw Problem.badRequest("'inputs[0]' must be an object") }
        x = try Self.tensor(V2Members(inputMembers, at: "inputs[0]"), binary: &binary, maxElements: maxElements)
        guard binary.readableBytes == 0 else {
            throw Problem.badRequest("\(binary.readableBytes) bytes follow the binary tensors that the header describes")
        }

        var outputs: [Output] = []
        for (index, value) in (try request.array("outputs") ?? []).enumerated() {
            guard case .object(let outputMembers) = value else { throw Problem.badRequest("'outputs[\(index)]' must be an object") }
            let output = V2Members(outputMembers, at: "outputs[\(index)]")
            guard let name = try output.string("name") else { throw Problem.badRequest("'outputs[\(index)]' has no 'name'") }
            guard Self.outputNames.contains(name) else {
                throw Problem.badRequest("unknown output '\(name)'; the outputs are \(Self.outputNames.joined(separator: ", "))")
            }
            let binary = try output.object("parameters")?.bool("binary_data") ?? binaryByDefault
            outputs.append(Output(name: name, binary: binary))
        }
        self.outputs = outputs.isEmpty ? Self.outputNames.map { Output(name: $0, binary: binaryByDefault) } : outputs
    }

    /// One input tensor: its datatype and shape, and its elements from `data` or from the binary part.
    private static func tensor(_ input: V2Members, binary: inout ByteBuffer, maxElements: Int) throws(Problem) -> NDArray {
        let where_ = input.location
        guard let typeName = try input.string("datatype") else { throw Problem.badRequest("\(where_) has no 'datatype'") }
        guard let datatype = V2Datatype(rawValue: typeName) else {
            throw Problem.badRequest(
                "\(where_) has datatype \(typeName); descent takes \(V2Datatype.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let shapeValues = try input.array("shape") else { throw Problem.badRequest("\(where_) has no 'shape'") }
        var shape: [Int] = []
        for value in shapeValues {
            guard case .integer(let size) = value, size >= 0 else {
                throw Problem.badRequest("\(where_) 'shape' must be whole numbers of at least 0")
            }
            shape.append(size)
        }
        guard shape.count == 1 || shape.count == 2 else {
            throw Problem.badRequest("\(where_) must be one row [d] or rows [n, d], got shape \(shape)")
        }
        guard let count = NDArray.elementCount(of: shape), count <= maxElements else {
            throw Problem.badRequest("\(where_) of shape \(shape) has more than the limit of \(maxElements) elements (max-train-elements)")
        }
        let values: [Double]
        if let size = try input.object("parameters")?.integer("binary_data_size") {
            guard size >= 0, size <= binary.readableBytes else {
                throw Problem.badRequest(
                    "\(where_) 'binary_data_size' is \(size) but \(binary.readableBytes) bytes of binary data are left")
            }
            guard size == count * datatype.byteSize else {
                throw Problem.badRequest(
                    "\(where_) 'binary_data_size' is \(size) bytes but shape \(shape) of \(typeName) needs \(count * datatype.byteSize)")
            }
            guard let bytes = binary.readSlice(length: size) else { throw Problem.badRequest("\(where_) binary data is cut short") }
            values = bytes.withUnsafeReadableBytes { datatype.decode($0) }
        } else {
            guard let data = input.value("data") else { throw Problem.badRequest("\(where_) has neither 'data' nor 'binary_data_size'") }
            values = try V2TensorData.flatten(data, at: where_, limit: count)
            guard values.count == count else {
                throw Problem.badRequest("\(where_) has \(values.count) elements in 'data' but shape \(shape) needs \(count)")
            }
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw Problem.badRequest("\(where_) element \(index) is \(NonFiniteSpelling.text(of: values[index])); inputs must be finite")
        }
        return NDArray(shape: shape, data: values)
    }
}

/// The members of a V2 JSON object, looked up by name; unknown members are ignored.
struct V2Members {
    let members: [(key: String, value: JSONValue)]
    /// Where it is, for messages (`inputs[0]`).
    let location: String

    init(_ members: [(key: String, value: JSONValue)], at location: String) {
        self.members = members
        self.location = location.isEmpty ? "the request" : location
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    private func wrong(_ key: String, _ expected: String, _ value: JSONValue) -> Problem {
        Problem.badRequest("\(location) member '\(key)' must be \(expected), got \(value.kindDescription)")
    }

    func string(_ key: String) throws(Problem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrong(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws(Problem) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrong(key, "a boolean", value) }
        return flag
    }

    func integer(_ key: String) throws(Problem) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else { throw wrong(key, "a whole number", value) }
        return number
    }

    func number(_ key: String) throws(Problem) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue else { throw wrong(key, "a number", value) }
        return number
    }

    func array(_ key: String) throws(Problem) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        switch value {
        case .array(let elements): return elements
        case .numbers(let array, let tokens):
            // The parser's fast path for numeric arrays: give integer tokens back as integers.
            return array.data.map { value in
                tokens.allIntegers && abs(value) < 0x1p53 ? JSONValue.integer(Int(value)) : JSONValue.number(value)
            }
        default: throw wrong(key, "an array", value)
        }
    }

    func object(_ key: String) throws(Problem) -> V2Members? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw wrong(key, "an object", value) }
        return V2Members(members, at: "\(location).\(key)")
    }
}

/// A tensor's `data`, nested or flat, as float64 in row-major order (booleans as 0 and 1).
enum V2TensorData {
    static func flatten(_ data: JSONValue, at location: String, limit: Int) throws(Problem) -> [Double] {
        if case .numbers(let array, _) = data {
            guard array.count <= limit else { throw Problem.badRequest("\(location) 'data' has more elements than its shape") }
            return array.data
        }
        var values: [Double] = []
        try append(data, to: &values, at: location, limit: limit)
        return values
    }

    private static func append(_ value: JSONValue, to values: inout [Double], at location: String, limit: Int) throws(Problem) {
        switch value {
        case .integer(let number): values.append(Double(number))
        case .number(let number): values.append(number)
        case .bool(let flag): values.append(flag ? 1 : 0)
        case .numbers(let array, _): values.append(contentsOf: array.data)
        case .array(let elements):
            for element in elements { try append(element, to: &values, at: location, limit: limit) }
        default:
            throw Problem.badRequest("\(location) 'data' must hold numbers or booleans, found \(value.kindDescription)")
        }
        guard values.count <= limit else { throw Problem.badRequest("\(location) 'data' has more elements than its shape") }
    }
}
