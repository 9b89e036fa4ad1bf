extension RandomState {
    /// `permutation(n)`: `arange(n)` shuffled as NumPy's legacy `RandomState.shuffle` does, bit for bit.
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<max(0, count))
        shuffle(&values)
        return values
    }

    /// `shuffle(values)`: Fisher–Yates from the last element down, each index drawn by ``interval(_:)``.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            for index in stride(from: buffer.count - 1, to: 0, by: -1) {
                let other = Int(interval(UInt64(index)))
                buffer.swapAt(index, other)
            }
        }
    }

    /// NumPy's `random_interval(max)`: a uniform integer in `0...max` by rejection under the smallest all-ones mask
    /// that covers `max`, drawing 32-bit outputs while `max` fits in 32 bits and 64-bit ones (high word first) above.
    public mutating func interval(_ max: UInt64) -> UInt64 {
        guard max > 0 else { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if max <= 0xffff_ffff {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let high = UInt64(nextUInt32())
            let low = UInt64(nextUInt32())
            let value = (high << 32 | low) & mask
            if value <= max { return value }
        }
    }
}
