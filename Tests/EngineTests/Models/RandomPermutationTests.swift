import Engine
import Testing

/// `permutation` and `shuffle` against NumPy's legacy `RandomState` (numpy 2.4.6).
@Suite struct RandomPermutationTests {
    @Test func permutationMatchesNumPy() {
        var rng = RandomState(seed: UInt32(42))
        #expect(rng.permutation(10) == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6])
        #expect(Array(rng.permutation(1000).prefix(5)) == [629, 788, 684, 516, 529])
        // The stream goes on where NumPy's does.
        #expect(rng.nextDouble() == 0.20173046233023584)
    }

    @Test func stateRoundTrips() throws {
        var rng = RandomState(seed: UInt32(7))
        _ = rng.permutation(100)
        _ = rng.nextGaussian()
        var copy = try #require(RandomState(state: rng.state))
        #expect(copy.state == rng.state)
        #expect(copy.permutation(50) == rng.permutation(50))
        #expect(copy.nextGaussian() == rng.nextGaussian())
        #expect(RandomState(state: RandomState.State(key: [1, 2], position: 0, cachedGaussian: nil)) == nil)
    }
}
