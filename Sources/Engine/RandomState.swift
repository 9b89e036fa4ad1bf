import Foundation

/// NumPy's legacy `RandomState`, bit for bit: `np.random.seed(s)` / `RandomState(s)` with an integer seed,
/// then `rand` and `randn`.
///
/// The generator is MT19937 seeded by Matsumoto–Nishimura's `init_genrand` (not `init_by_array`, which
/// NumPy uses only for array seeds). `rand` builds each double from two 32-bit outputs (27 + 26 bits);
/// `randn` is the legacy polar method, which caches its second value. Arrays are filled in C order.
public struct RandomState: Sendable {
    /// The largest seed NumPy accepts, `2**32 - 1`.
    public static let maxSeed = 4_294_967_295

    private static let stateSize = 624
    private static let shift = 397

    private var key: [UInt32]
    private var position: Int
    private var cachedGaussian: Double?

    /// The stream `np.random.seed(seed)` starts.
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: Self.stateSize)
        var value = seed
        for index in 0..<Self.stateSize {
            key[index] = value
            value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(index + 1)
        }
        self.key = key
        self.position = Self.stateSize
        self.cachedGaussian = nil
    }

    /// The stream `np.random.seed(seed)` starts; outside `0...2**32 - 1` fails with NumPy's message.
    public init(seed: Int) throws(NumPyError) {
        guard let seed = UInt32(exactly: seed) else {
            throw NumPyError("Seed must be between 0 and 2**32 - 1")
        }
        self.init(seed: seed)
    }

    /// Everything the generator holds, so that a checkpointed run can go on with the same stream.
    public struct State: Sendable, Equatable, Codable {
        /// The 624-word MT19937 block.
        public var key: [UInt32]
        /// The next word of `key` to temper, 0…624 (624: the block is used up).
        public var position: Int
        /// The second value of the last polar-method pair, not yet returned by `randn`.
        public var cachedGaussian: Double?

        public init(key: [UInt32], position: Int, cachedGaussian: Double?) {
            self.key = key
            self.position = position
            self.cachedGaussian = cachedGaussian
        }
    }

    /// The generator's state: a value that ``init(state:)`` turns back into the same stream.
    public var state: State { State(key: key, position: position, cachedGaussian: cachedGaussian) }

    /// The stream `state` was taken from, at that point; nil when `state` is not one a generator can hold.
    public init?(state: State) {
        guard state.key.count == Self.stateSize, (0...Self.stateSize).contains(state.position) else { return nil }
        self.key = state.key
        self.position = state.position
        self.cachedGaussian = state.cachedGaussian
    }

    /// The next raw, tempered 32-bit output.
    public mutating func nextUInt32() -> UInt32 {
        var position = self.position
        let value = key.withUnsafeMutableBufferPointer { Self.next(from: $0, position: &position) }
        self.position = position
        return value
    }

    /// One output from `key`, regenerating the block when it is used up.
    @inline(__always)
    private static func next(from key: UnsafeMutableBufferPointer<UInt32>, position: inout Int) -> UInt32 {
        if position == stateSize {
            regenerate(key)
            position = 0
        }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// `rand()` from `key`: the first output gives the top 27 bits, the second the next 26.
    @inline(__always)
    private static func nextDouble(from key: UnsafeMutableBufferPointer<UInt32>, position: inout Int) -> Double {
        let high = Double(next(from: key, position: &position) >> 5)
        let low = Double(next(from: key, position: &position) >> 6)
        return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
    }

    /// One `rand()`: a double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        var position = self.position
        let value = key.withUnsafeMutableBufferPointer { Self.nextDouble(from: $0, position: &position) }
        self.position = position
        return value
    }

    /// One `randn()`: NumPy's legacy Gaussian (polar method with a cached second value).
    public mutating func nextGaussian() -> Double {
        if let cached = cachedGaussian {
            cachedGaussian = nil
            return cached
        }
        var x1: Double
        var x2: Double
        var r2: Double
        repeat {
            x1 = 2.0 * nextDouble() - 1.0
            x2 = 2.0 * nextDouble() - 1.0
            // Written as separate multiplies and an add so no FMA changes the bits.
            let square1 = x1 * x1
            let square2 = x2 * x2
            r2 = square1 + square2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        return f * x2
    }

    /// `rand(*shape)`: uniform doubles in C order.
    public mutating func rand(_ shape: [Int]) -> NDArray {
        guard let count = NDArray.elementCount(of: shape) else {
            preconditionFailure("invalid shape \(shape)")
        }
        var position = self.position
        let data = key.withUnsafeMutableBufferPointer { key in
            [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    buffer[index] = Self.nextDouble(from: key, position: &position)
                }
                initialized = count
            }
        }
        self.position = position
        return NDArray(shape: shape, data: data)
    }

    /// `randn(*shape)`: standard normal doubles in C order.
    public mutating func randn(_ shape: [Int]) -> NDArray {
        guard let count = NDArray.elementCount(of: shape) else {
            preconditionFailure("invalid shape \(shape)")
        }
        var data = [Double]()
        data.reserveCapacity(count)
        for _ in 0..<count { data.append(nextGaussian()) }
        return NDArray(shape: shape, data: data)
    }

    /// Refills the 624-word block (the textbook MT19937 recurrence).
    private static func regenerate(_ key: UnsafeMutableBufferPointer<UInt32>) {
        @inline(__always)
        func twist(_ index: Int, _ next: Int, _ far: Int) {
            let y = (key[index] & 0x8000_0000) | (key[next] & 0x7fff_ffff)
            key[index] = key[far] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_b0df)
        }
        let n = stateSize
        let m = shift
        for index in 0..<(n - m) { twist(index, index + 1, index + m) }
        for index in (n - m)..<(n - 1) { twist(index, index + 1, index + m - n) }
        twist(n - 1, 0, m - 1)
    }
}
