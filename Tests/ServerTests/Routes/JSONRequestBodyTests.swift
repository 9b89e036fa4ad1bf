import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Wire

@testable import Server

@Suite struct JSONRequestBodyTests {
    /// `{"op": "+", "a": [0, 1, …, count − 1], "b": 1}`.
    static func addOneBody(count: Int) -> String {
        #"{"op": "+", "a": ["# + (0..<count).map { String(Double($0) + 0.25) }.joined(separator: ", ") + #"], "b": 1}"#
    }

    @Test func offloadedParseMatchesTheDirectOne() async throws {
        let text = Self.addOneBody(count: 20_000)
        #expect(text.utf8.count >= Server.JSONRequestBody.offloadBytes)
        let parsed = try await Server.JSONRequestBody.parse(ByteBuffer(string: text))
        guard case .object(let members) = parsed else {
            Issue.record("not an object: \(parsed)")
            return
        }
        #expect(members.map { $0.key } == ["op", "a", "b"])
        #expect(String(describing: parsed) == String(describing: try JSONParser.parse(text)))
    }

    @Test func largeBodyIsAnsweredInFull() async throws {
        let text = Self.addOneBody(count: 20_000)
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/broadcast", json: text)
            #expect(response.status == .ok)
            struct Sum: Decodable { let shape: [Int]; let result: [Double] }
            let sum = try decode(Sum.self, from: response.body)
            #expect(sum.shape == [20_000])
            #expect(sum.result.count == 20_000)
            #expect(sum.result.first == 1.25)
            #expect(sum.result.last == 20_000.25)
        }
    }

    @Test func largeMalformedBodyIs400WithTheOffset() async throws {
        let text = String(Self.addOneBody(count: 20_000).dropLast(2))
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let problem = try expectProblem(try await client.send(.post, "/broadcast", json: text), status: .badRequest, kind: "bad-request")
            #expect(problem.detail == "Request body is not valid JSON: unexpected end of input at byte \(text.utf8.count)")
        }
    }
}
