import Engine
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// The V2 request's JSON and binary framing: every malformed body is a 400 with a clear `error`, nothing is
/// allocated from a size the bytes do not back, and the server stays up.
@Suite struct V2InferRequestTests {
    /// A body of `header` JSON followed by `binary`, with the header's length.
    static func body(_ header: String, _ binary: [UInt8] = []) -> (ByteBuffer, String) {
        var buffer = ByteBuffer(string: header)
        buffer.writeBytes(binary)
        return (buffer, String(header.utf8.count))
    }

    static func fp64(_ values: [Double]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func binaryAndJSONInputsDecodeToTheSameRows() throws {
        let header = #"{"inputs":[{"name":"x","shape":[2,2],"datatype":"FP64","parameters":{"binary_data_size":32}}],"parameters":{"binary_data_output":true}}"#
        let (body, length) = Self.body(header, Self.fp64([1, -0.0, 2.5, 0x1p-1030]))
        let binary = try V2InferRequest(body: body, headerLength: length, maxElements: 100)
        #expect(binary.x.shape == [2, 2] && binary.x.data.map(\.bitPattern) == [1, -0.0, 2.5, 0x1p-1030].map(\.bitPattern))
        #expect(binary.outputs == [.init(name: "probabilities", binary: true), .init(name: "labels", binary: true)])
        let json = try V2InferRequest(
            body: ByteBuffer(string: #"{"id":"a","inputs":[{"name":"in","shape":[2,2],"datatype":"INT32","data":[[1,0],[2,3]]}],"outputs":[{"name":"labels"}],"model_name":"m"}"#),
            headerLength: nil, maxElements: 100)
        #expect(json.x.data == [1, 0, 2, 3] && json.id == "a" && json.outputs == [.init(name: "labels", binary: false)])
    }

    @Test func everyDatatypeWidensExactly() throws {
        let cases: [(String, [UInt8], [Double])] = [
            ("BOOL", [1, 0], [1, 0]), ("UINT8", [255, 7], [255, 7]), ("INT8", [0xFF, 0x80], [-1, -128]),
            ("INT16", [0xFF, 0xFF, 0x00, 0x80], [-1, -32768]), ("UINT16", [0xFF, 0xFF, 1, 0], [65535, 1]),
            ("INT32", [0xFE, 0xFF, 0xFF, 0xFF, 5, 0, 0, 0], [-2, 5]), ("FP16", [0x00, 0x3C, 0x00, 0xC0], [1, -2]),
            ("FP32", [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x80, 0xBF], [1.5, -1]),
        ]
        for (datatype, bytes, expected) in cases {
            let header = #"{"inputs":[{"name":"x","shape":[2],"datatype":"\#(datatype)","parameters":{"binary_data_size":\#(bytes.count)}}]}"#
            let (body, length) = Self.body(header, bytes)
            #expect(try V2InferRequest(body: body, headerLength: length, maxElements: 10).x.data == expected, "\(datatype)")
        }
    }

    @Test(arguments: [
        ("-1", "Inference-Header-Content-Length must be a whole number"),
        ("99999999999", "Inference-Header-Content-Length must be a whole number"),
        ("x", "Inference-Header-Content-Length must be a whole number"),
    ])
    func badHeaderLengthsAre400(_ length: String, _ words: String) {
        let header = #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","parameters":{"binary_data_size":8}}]}"#
        let (body, _) = Self.body(header, Self.fp64([1]))
        #expect(throws: Problem.self) { try V2InferRequest(body: body, headerLength: length, maxElements: 10) }
        do {
            _ = try V2InferRequest(body: body, headerLength: length, maxElements: 10)
        } catch {
            #expect(error.status == .badRequest && error.detail.contains(words))
        }
    }

    @Test(arguments: [
        (#"[1, 2]"#, [], "must be a JSON object"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"FP64","parameters":{"binary_data_size":16}}]}"#, [0, 0, 0, 0, 0, 0, 0, 0], "8 bytes of binary data are left"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"FP64","parameters":{"binary_data_size":8}}]}"#, [0, 0, 0, 0, 0, 0, 0, 0], "needs 16"),
        (#"{"inputs":[{"name":"x","shape":[100000000,100],"datatype":"FP64","parameters":{"binary_data_size":80000000000}}]}"#, [], "more than the limit"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","parameters":{"binary_data_size":10000000000}}]}"#, [], "bytes of binary data are left"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","parameters":{"binary_data_size":8}}]}"#, [0, 0, 0, 0, 0, 0, 0, 0, 9], "1 bytes follow"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"BYTES","data":["a"]}]}"#, [], "has datatype BYTES"),
        (#"{"inputs":[{"name":"x","shape":[3],"datatype":"FP64","data":[1,2]}]}"#, [], "needs 3"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"FP64","data":[1,"a"]}]}"#, [], "must hold numbers or booleans"),
        (#"{"inputs":[{"name":"x","shape":[-1],"datatype":"FP64","data":[1]}]}"#, [], "whole numbers of at least 0"),
        (#"{"inputs":[]}"#, [], "exactly one input tensor"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[1]}],"outputs":[{"name":"logits"}]}"#, [], "unknown output 'logits'"),
    ] as [(String, [UInt8], String)])
    func malformedBodiesAre400(_ header: String, _ binary: [UInt8], _ words: String) {
        let (body, length) = Self.body(header, binary)
        do {
            _ = try V2InferRequest(body: body, headerLength: length, maxElements: 1_000_000)
            Issue.record("accepted: \(header)")
        } catch {
            #expect(error.status == .badRequest, "\(header)")
            #expect(error.detail.contains(words), "\(error.detail)")
        }
    }

    @Test func errorsUnderV2AreErrorObjectsAndTheServerStaysUp() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            _ = try await client.send(.post, "/train", json: #"{"generate": {"samples": 8, "features": 2}, "seed": 3, "name": "m", "wait": true}"#)
            var headers: HTTPFields = [:]
            headers[V2Routes.headerLengthField] = "-5"
            let bad = try await client.execute(uri: "/v2/models/m/infer", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(bad.status == .badRequest && bad.headers[.contentType] == "application/json")
            let error = try decode([String: String].self, from: bad.body)
            #expect(error["error"]?.hasPrefix("Inference-Header-Content-Length must be") == true)
            let missing = try await client.send(.get, "/v2/models/nope")
            #expect(missing.status == .notFound)
            #expect(try decode([String: String].self, from: missing.body) == ["error": "no model named nope"])

            let header = #"{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","parameters":{"binary_data_size":16}}],"outputs":[{"name":"probabilities","parameters":{"binary_data":true}}]}"#
            var body = ByteBuffer(string: header)
            body.writeBytes(Self.fp64([0.5, 0.25]))
            headers[V2Routes.headerLengthField] = String(header.utf8.count)
            let answer = try await client.execute(uri: "/v2/models/m/infer", method: .post, headers: headers, body: body)
            #expect(answer.status == .ok && answer.headers[.contentType] == "application/octet-stream")
            let jsonLength = try #require(answer.headers[V2Routes.headerLengthField].flatMap(Int.init))
            let bytes = Array(answer.body.readableBytesView)
            let decoded = try JSONSerialization.jsonObject(with: Data(bytes[..<jsonLength])) as? [String: Any]
            let output = try #require((decoded?["outputs"] as? [[String: Any]])?.first)
            #expect(output["name"] as? String == "probabilities" && (output["parameters"] as? [String: Int])?["binary_data_size"] == 8)
            #expect(bytes.count == jsonLength + 8)
            let bits = bytes[jsonLength...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let predicted = try decode(TestPrediction.self, from: try await client.send(.post, "/predict", json: #"{"model": "m", "x": [[0.5, 0.25]]}"#).body)
            #expect(Double(bitPattern: bits) == predicted.probabilities[0])
            #expect(try await client.send(.get, "/v2/health/live").status == .ok)
        }
    }
}
