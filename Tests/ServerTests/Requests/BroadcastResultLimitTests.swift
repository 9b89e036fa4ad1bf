import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import Wire

@testable import Server

/// `--max-broadcast-result-elements`: small operands cannot ask for a huge result.
@Suite struct BroadcastResultLimitTests {
    @Test func anAmplifyingRequestIs422BeforeAnythingIsComputed() async throws {
        // The issue's probe: 3162×1 + 1×3162, about 82 KB of request, a 10⁷-element (110 MB) answer.
        let column = (0..<3162).map { _ in "0.123456789012345" }.joined(separator: ",")
        let body = #"{"op": "add", "a": {"shape": [3162, 1], "data": [\#(column)]}, "b": {"shape": [1, 3162], "data": [\#(column)]}}"#
        #expect(body.utf8.count > 80_000 && body.utf8.count < 120_000)
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let problem = try expectProblem(
                try await client.send(.post, "/broadcast", json: body), status: .unprocessableContent, kind: "limit-exceeded")
            #expect(problem.detail == "the result of shape [3162, 3162] has 9998244 elements, more than the limit of 1000000 (max-broadcast-result-elements)")
        }
    }

    @Test func theSmallerOfTheTwoLimitsIsNamed() {
        var limits = Limits(maxBroadcastElements: 10)
        limits.maxBroadcastResultElements = 1000
        #expect(throws: WireError.self) { try BroadcastRequest.checkResultSize([4, 4], limits: limits) }
        do {
            try BroadcastRequest.checkResultSize([4, 4], limits: limits)
        } catch {
            #expect(error.detail.hasSuffix("(max-broadcast-elements)"))
        }
    }
}
