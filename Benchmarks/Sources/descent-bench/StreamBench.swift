import Dispatch
import Engine

/// `stream`: one read of x, summed — the memory-bandwidth floor an epoch cannot beat, since an epoch must
/// read every element of x at least once.
enum StreamBench {
    /// The sum of `count` doubles from `base`, 32 at a time in four SIMD8 accumulators.
    @inline(never)
    static func sum(_ base: UnsafePointer<Double>, count: Int) -> Double {
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>(), a2 = SIMD8<Double>(), a3 = SIMD8<Double>()
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 32 <= count {
            let offset = index * MemoryLayout<Double>.stride
            a0 += raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
            a1 += raw.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Double>.self)
            a2 += raw.loadUnaligned(fromByteOffset: offset + 128, as: SIMD8<Double>.self)
            a3 += raw.loadUnaligned(fromByteOffset: offset + 192, as: SIMD8<Double>.self)
            index += 32
        }
        var total = ((a0 + a1) + (a2 + a3)).sum()
        while index < count {
            total += base[index]
            index += 1
        }
        return total
    }

    /// What the worker threads share.
    ///
    /// `@unchecked Sendable` is safe: `concurrentPerform` returns only after every iteration has finished, so
    /// both buffers outlive every use; `base` is only read, and iteration `k` writes only `partials[k]`.
    private struct Shared: @unchecked Sendable {
        let base: UnsafePointer<Double>
        let partials: UnsafeMutablePointer<Double>
    }

    /// The sum of `count` doubles on `threads` threads, each summing one contiguous share.
    static func sum(_ base: UnsafePointer<Double>, count: Int, threads: Int) -> Double {
        guard threads > 1 else { return sum(base, count: count) }
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: threads)
        defer { partials.deallocate() }
        let shared = Shared(base: base, partials: partials)
        let share = (count + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let first = min(part * share, count)
            let last = min(first + share, count)
            shared.partials[part] = sum(shared.base + first, count: last - first)
        }
        var total = 0.0
        for part in 0..<threads { total += partials[part] }
        return total
    }

    /// Milliseconds of each repetition, and the sum.
    static func measure(_ x: [Double], reps: Int, threads: Int) -> (ms: [Double], sum: Double) {
        var samples: [Double] = []
        var total = 0.0
        x.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for _ in 0..<reps {
                let start = Measure.now()
                total = sum(base, count: buffer.count, threads: threads)
                samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            }
        }
        return (samples, total)
    }

    static func run(_ flags: Flags) throws(BenchError) {
        let n = try flags.int("n", default: 1_000_000)
        let d = try flags.int("d", default: 32)
        let reps = try flags.int("reps", default: 5)
        let threads = try flags.int("threads", default: 1)
        let seed = try flags.int("seed", default: 42)
        guard reps > 0, threads > 0 else { throw .usage("--reps and --threads must be positive") }
        let (_, set) = try TrainBench.problem(samples: n, features: d, seed: seed)
        let measured = measure(set.x.data, reps: reps, threads: threads)
        let bytes = Double(n * d * MemoryLayout<Double>.stride)
        var report = Report("stream")
        report.add("n", n)
        report.add("d", d)
        report.add("reps", reps)
        report.add("threads", threads)
        report.add("ms", samples: measured.ms)
        report.add("gb_per_s", bytes / (Measure.summary(measured.ms).median * 1e6))
        report.add("sum", measured.sum)
        report.print()
    }
}
