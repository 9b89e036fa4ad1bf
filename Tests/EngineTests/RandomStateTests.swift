import Engine
import Testing

/// Legacy `np.random.RandomState`: the test vectors of numpy-semantics.md §5, compared bit for bit.
@Suite struct RandomStateTests {
    @Test func tv1RawOutputsForSeed42() {
        var rng = RandomState(seed: UInt32(42))
        #expect((0..<4).map { _ in rng.nextUInt32() } == [1_608_637_542, 3_421_126_067, 4_083_286_876, 787_846_414])
    }

    @Test func tv3FirstSixRandForSeed42() {
        let expected: [Double] = [
            0x1.7f8771e5f51ecp-2, 0x1.e6c4068bbd654p-1, 0x1.76c7e8f1e6751p-1,
            0x1.32835d6632cb0p-1, 0x1.3f86b37222184p-3, 0x1.3f7a0e1997f4cp-3,
        ]
        let numerators: [Double] = [
            3_373_557_479_352_566, 8_563_273_192_166_996, 6_593_215_287_158_609,
            5_392_236_252_703_920, 1_405_290_981_918_817, 1_405_073_727_315_923,
        ]
        #expect(expected.map(\.bitPattern) == numerators.map { ($0 / 9_007_199_254_740_992).bitPattern })
        #expect(expected.map(\.bitPattern) == [
            0.3745401188473625, 0.9507143064099162, 0.7319939418114051,
            0.5986584841970366, 0.15601864044243652, 0.15599452033620265,
        ].map(\.bitPattern))

        var one = RandomState(seed: UInt32(42))
        #expect((0..<6).map { _ in one.nextDouble().bitPattern } == expected.map(\.bitPattern))

        var array = RandomState(seed: UInt32(42))
        let drawn = array.rand([2, 3])
        #expect(drawn.shape == [2, 3])
        #expect(drawn.data.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func tv4FirstFourRandnForSeed42() {
        let expected: [Double] = [0x1.fca2a28a9307cp-2, -0x1.1b2a505de052ap-3, 0x1.4b9dd50245e68p-1, 0x1.85e548e01aa2bp+0]
        #expect(expected == [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254])
        var one = RandomState(seed: UInt32(42))
        #expect((0..<4).map { _ in one.nextGaussian().bitPattern } == expected.map(\.bitPattern))
        var array = RandomState(seed: UInt32(42))
        let drawn = array.randn([4, 1])
        #expect(drawn.shape == [4, 1])
        #expect(drawn.data.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func tv5RandForSeed0() {
        var rng = RandomState(seed: UInt32(0))
        #expect(rng.rand([3]).data == [0.5488135039273248, 0.7151893663724195, 0.6027633760716439])
    }

    static let tv6: [(UInt32, [UInt32])] = [
        (0, [2_357_136_044, 2_546_248_239]), (1, [1_791_095_845, 4_282_876_139]), (4_294_967_295, [419_326_371, 479_346_978]),
    ]
    static let tv7: [(UInt32, [Double])] = [
        (1, [0.417022004702574, 0.7203244934421581, 0.00011437481734488664]),
        (4_294_967_295, [0.0976320289940138, 0.9123828453026218, 0.78903530185164]),
    ]
    static let tv8: [(UInt32, [Double])] = [
        (0, [1.764052345967664, 0.4001572083672233]),
        (1, [1.6243453636632417, -0.6117564136500754]),
        (4_294_967_295, [0.6484086742306527, 0.6693235306338161]),
    ]

    @Test(arguments: tv6)
    func tv6RawOutputsForOtherSeeds(seed: UInt32, expected: [UInt32]) {
        var rng = RandomState(seed: seed)
        #expect([rng.nextUInt32(), rng.nextUInt32()] == expected)
    }

    @Test(arguments: tv7)
    func tv7RandForOtherSeeds(seed: UInt32, expected: [Double]) {
        var rng = RandomState(seed: seed)
        #expect(rng.rand([3]).data.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test(arguments: tv8)
    func tv8RandnForOtherSeeds(seed: UInt32, expected: [Double]) {
        var rng = RandomState(seed: seed)
        #expect(rng.randn([2]).data.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func tv9RegenerationBoundary() {
        var rng = RandomState(seed: UInt32(42))
        let uniforms = rng.rand([1000])
        #expect(uniforms.shape == [1000])
        #expect(uniforms.data[311] == 0.07845638134226596)  // outputs 622 and 623, the end of block 1
        #expect(uniforms.data[312] == 0.02535074341545751)  // the first two outputs of block 2
        #expect(uniforms.data[999] == 0.44600577295795574)

        var gaussian = RandomState(seed: UInt32(42))
        #expect(gaussian.randn([1000]).data[999] == 0.5725827813561586)

        var single = RandomState(seed: UInt32(42))
        let oneByOne = (0..<1000).map { _ in single.nextDouble() }
        #expect(oneByOne.map(\.bitPattern) == uniforms.data.map(\.bitPattern))
    }

    @Test func tv10GaussianCache() {
        var rng = RandomState(seed: UInt32(42))
        #expect(rng.randn([3]).data == [0.4967141530112327, -0.13826430117118466, 0.6476885381006925])
        #expect(rng.nextDouble() == 0.15601864044243652)  // uniform #4: #3 went into the 2nd gaussian pair
        #expect(rng.nextGaussian() == 1.5230298564080254)  // the cached 4th gaussian
        #expect(rng.rand([1]).data == [0.15599452033620265])  // the cache consumed nothing
    }

    @Test func freshStateHasNoCachedGaussian() {
        var used = RandomState(seed: UInt32(42))
        _ = used.nextGaussian()  // leaves a cached value behind
        used = RandomState(seed: UInt32(42))
        #expect(used.nextGaussian() == 0.4967141530112327)
    }

    @Test func integerSeedsAtTheBoundsAreAccepted() throws {
        var zero = try RandomState(seed: 0)
        #expect([zero.nextUInt32(), zero.nextUInt32()] == [2_357_136_044, 2_546_248_239])
        var top = try RandomState(seed: RandomState.maxSeed)
        #expect([top.nextUInt32(), top.nextUInt32()] == [419_326_371, 479_346_978])
        var fortyTwo = try RandomState(seed: 42)
        #expect(fortyTwo.nextDouble() == 0.3745401188473625)
        #expect(RandomState.maxSeed == 4_294_967_295)
    }

    @Test(arguments: [4_294_967_296, 4_294_967_301, -1, -1_099_511_627_776, Int.max, Int.min])
    func outOfRangeSeedsAreRejected(seed: Int) {
        #expect(throws: NumPyError("Seed must be between 0 and 2**32 - 1")) {
            _ = try RandomState(seed: seed)
        }
    }

    @Test func notTheOtherSeedings() {
        var rng = RandomState(seed: UInt32(42))
        #expect([rng.nextUInt32(), rng.nextUInt32()] != [2_327_846_034, 3_904_886_566])  // MT19937(42) via SeedSequence
        var uniform = RandomState(seed: UInt32(42))
        #expect(uniform.nextDouble() != 0.6394267984578837)  // seed([42]) via init_by_array
    }

    @Test func emptyAndZeroDimensionalDraws() {
        var rng = RandomState(seed: UInt32(42))
        let empty = rng.rand([0, 3])
        #expect(empty.shape == [0, 3])
        #expect(empty.data.isEmpty)
        let scalar = rng.rand([])  // random_sample(size=()) draws one value
        #expect(scalar.shape == [])
        #expect(scalar.data == [0.3745401188473625])
        #expect(rng.randn([0]).data.isEmpty)
        #expect(rng.nextDouble() == 0.9507143064099162)
    }
}
