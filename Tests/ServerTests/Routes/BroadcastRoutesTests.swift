import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct BroadcastRoutesTests {
    struct ShapeBody: Decodable { let shape: [Int] }

    /// The notebook's six shape pairs, and what `(a - b).shape` printed.
    @Test(arguments: [
        ([3, 1], [3, 4], [3, 4]), ([3, 1], [1, 4], [3, 4]), ([3, 1], [3, 1], [3, 1]),
        ([3, 4], [3, 1], [3, 4]), ([3, 4], [1, 4], [3, 4]), ([3, 4], [3, 4], [3, 4]),
    ])
    func notebookTable(a: [Int], b: [Int], expected: [Int]) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"shapes": [\#(a), \#(b)]}"#)
            #expect(response.status == .ok)
            #expect(try decode(ShapeBody.self, from: response.body).shape == expected)
        }
    }

    @Test func subtractOverArrays() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"op": "-", "a": [[1], [2], [3]], "b": [[1, 2, 3, 4]]}"#)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"op":"subtract","shape":[3,4],"result":[[0.0,-1.0,-2.0,-3.0],[1.0,0.0,-1.0,-2.0],[2.0,1.0,0.0,-1.0]]}"#)
        }
    }

    @Test func nonFiniteResultsAreStrings() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"op": "divide", "a": [1, 0, -1], "b": 0}"#)
            #expect(String(buffer: response.body) == #"{"op":"divide","shape":[3],"result":["Infinity","NaN","-Infinity"]}"#)
        }
    }

    @Test func shapedObjectAndScalar() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"op": "matmul", "a": {"shape": [2, 2], "data": [1, 2, 3, 4]}, "b": [1, 1]}"#)
            #expect(String(buffer: response.body) == #"{"op":"matmul","shape":[2],"result":[3.0,7.0]}"#)
            let scalar = try await client.send(.post, "/broadcast", json: #"{"op": "add", "a": 1.5, "b": 2}"#)
            #expect(String(buffer: scalar.body) == #"{"op":"add","shape":[],"result":3.5}"#)
        }
    }

    @Test func mismatchIs422WithNumPysMessage() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let op = try expectProblem(
                try await client.send(.post, "/broadcast", json: #"{"op": "subtract", "a": {"shape": [3, 4], "data": [1,2,3,4,5,6,7,8,9,10,11,12]}, "b": [[1, 2], [3, 4], [5, 6]]}"#),
                status: .unprocessableContent, kind: "numpy"
            )
            #expect(op.detail == "operands could not be broadcast together with shapes (3,4) (3,2) ")
            let shapes = try expectProblem(
                try await client.send(.post, "/broadcast", json: #"{"shapes": [[3, 4], [3, 2]]}"#), status: .unprocessableContent, kind: "numpy"
            )
            #expect(shapes.detail == "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (3, 4) and arg 1 with shape (3, 2).")
        }
    }

    @Test func resultPastTheLimitIs422() async throws {
        let app = try await buildApplication(configuration: testConfiguration(limits: Limits(maxBroadcastElements: 100)))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: #"{"op": "add", "a": {"shape": [20, 1], "data": [\#((1...20).map(String.init).joined(separator: ","))]}, "b": {"shape": [1, 20], "data": [\#((1...20).map(String.init).joined(separator: ","))]}}"#)
            #expect(response.status == .unprocessableContent)
        }
    }

    @Test func neitherShapesNorOpIs400() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            _ = try expectProblem(try await client.send(.post, "/broadcast", json: #"{"a": [1]}"#), status: .badRequest, kind: "bad-request")
        }
    }
}
