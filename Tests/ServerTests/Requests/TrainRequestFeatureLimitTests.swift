import HTTPTypes
import Testing
import Wire

@testable import Server

/// `--max-features`: a model's weights are one number per feature, so the feature count is bounded on its own.
@Suite struct TrainRequestFeatureLimitTests {
    static func limits(maxFeatures: Int) -> Limits {
        var limits = Limits()
        limits.maxFeatures = maxFeatures
        return limits
    }

    @Test func generatedFeaturesPastTheLimitAre422WithAPointer() {
        // The issue's probe: ~110 bytes asking for a model of 10⁷ weights.
        let problem = TrainRequestTests.problem(#"{"generate": {"samples": 1, "features": 10000000}}"#, limits: Limits())
        #expect(problem?.status == .unprocessableContent)
        #expect(problem?.kind == "limit-exceeded")
        #expect(problem?.errors.first?.pointer == "/generate/features")
        #expect(problem?.detail == "a model of 10000000 features is more than the limit of 100000 (max-features)")
    }

    @Test func givenFeaturesPastTheLimitAre422() {
        let problem = TrainRequestTests.problem(#"{"x": [[1, 2, 3]], "y": [1]}"#, limits: Self.limits(maxFeatures: 2))
        #expect(problem?.kind == "limit-exceeded")
        #expect(problem?.errors.first?.pointer == "/x")
    }

    @Test func atTheLimitIsAccepted() {
        #expect(TrainRequestTests.problem(#"{"x": [[1, 2]], "y": [1]}"#, limits: Self.limits(maxFeatures: 2)) == nil)
        #expect(TrainRequestTests.problem(#"{"generate": {"samples": 1, "features": 100000}}"#, limits: Limits()) == nil)
    }
}
