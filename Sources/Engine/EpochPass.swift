import Dispatch
import Foundation
import Synchronization

/// One epoch's fused pass over the training set, split into fixed row chunks.
///
/// The chunk size depends only on the number of features, never on the thread count, and the chunks'
/// partial sums are added in chunk order, so results are identical on any number of threads, which may change
/// from one pass to the next. Buffers are allocated once per run and reused by every epoch. The exact kernel is
/// written here in Swift; a ``Precision/fast`` pass runs ``FastKernel``'s on each chunk instead.
final class EpochPass {
    /// The sums of one pass: total loss and `Σdz`; `xᵀdz` stays inside the pass until ``step(_:learningRate:)``.
    struct Sums {
        let loss: Double
        let biasGradient: Double
    }

    let samples: Int
    let features: Int
    let rowsPerChunk: Int
    let chunks: Int
    /// The fast kernel's vector unit with ``Precision/fast``; nil: the exact kernel.
    let fastPath: FastKernel.VectorPath?
    /// `xᵀdz` of the last pass, `features` elements. Private: the pass owns and frees it, so no reference to it can
    /// outlive the pass; ``step(_:learningRate:)`` is the only reader.
    private let gradient: UnsafeMutablePointer<Double>
    /// Per chunk: `features` gradient sums, then `Σdz`, then the loss sum, padded to whole cache lines (``stride``) so
    /// that two threads summing neighbouring chunks never write to the same line.
    private let partials: UnsafeMutablePointer<Double>
    /// The next chunk a worker of the running pass takes.
    private let nextChunk = Atomic<Int>(0)
    /// Doubles from one chunk's partial sums to the next: `features + 2`, rounded up to a cache line.
    private let stride: Int
    private static let cacheLine = 64

    /// Elements of x one chunk covers (about 512 KiB), so a chunk's rows stay in cache between the
    /// forward and backward use of each row and two threads have enough chunks to share.
    static let elementsPerChunk = 1 << 16

    /// A pass for `precision`; a fast pass runs on `path` (by default the widest vector unit this CPU has).
    init(samples: Int, features: Int, precision: Precision = .exact, path: FastKernel.VectorPath = FastKernel.widest) {
        precondition(precision == .exact || path.isSupported, "the CPU has no \(path)")
        self.samples = samples
        self.features = features
        self.rowsPerChunk = max(8, (Self.elementsPerChunk / max(features, 1)) & ~7)
        self.chunks = max(1, (samples + rowsPerChunk - 1) / rowsPerChunk)
        self.fastPath = precision == .fast ? path : nil
        let perLine = Self.cacheLine / MemoryLayout<Double>.stride
        self.stride = (features + 2 + perLine - 1) / perLine * perLine
        self.gradient = .allocate(capacity: features)
        self.gradient.initialize(repeating: 0, count: features)
        self.partials = UnsafeMutableRawPointer.allocate(byteCount: chunks * stride * MemoryLayout<Double>.stride, alignment: Self.cacheLine)
            .bindMemory(to: Double.self, capacity: chunks * stride)
        self.partials.initialize(repeating: 0, count: chunks * stride)
    }

    deinit {
        gradient.deinitialize(count: features)
        gradient.deallocate()
        partials.deinitialize(count: chunks * stride)
        UnsafeMutableRawPointer(partials).deallocate()  // allocated raw, for its alignment
    }

    /// Gradient descent's update from the last pass: `w −= lr·(xᵀdz)/n` and `b −= lr·Σdz/n`.
    func step(_ model: inout LogisticModel, sums: Sums, learningRate: Double) {
        let n = Double(samples)
        model.weights.withUnsafeMutableBufferPointer { w in
            for j in w.indices { w[j] -= learningRate * (gradient[j] / n) }
        }
        model.bias -= learningRate * (sums.biasGradient / n)
    }

    /// Runs one pass with `model`'s current parameters on up to `threads` threads (never more than there are chunks).
    func run(x: UnsafePointer<Double>, y: UnsafePointer<Double>, model: LogisticModel, threads: Int) -> Sums {
        let workers = max(1, min(threads, chunks))
        return model.weights.withUnsafeBufferPointer { w in
            guard let w = w.baseAddress else { return Sums(loss: 0, biasGradient: 0) }
            if workers == 1 {
                for chunk in 0..<chunks { accumulate(chunk: chunk, x: x, y: y, w: w, b: model.bias) }
            } else {
                // Workers take the next chunk as they become free, so a thread that starts late or is slowed
                // down (by other work on its core) does not hold up the pass; which thread does a chunk never
                // changes its partial sums or the order they are added in.
                nextChunk.store(0, ordering: .relaxed)
                let shared = SharedInputs(pass: self, x: x, y: y, w: w, b: model.bias)
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let chunk = shared.pass.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard chunk < shared.pass.chunks else { break }
                        shared.pass.accumulate(chunk: chunk, x: shared.x, y: shared.y, w: shared.w, b: shared.b)
                    }
                }
            }
            return reduce()
        }
    }

    /// What the worker threads of one pass share.
    ///
    /// `@unchecked Sendable` is safe: `concurrentPerform` returns only after every iteration has finished,
    /// so the buffers outlive every use; `x`, `y`, `w` and the pass's layout are only read during the
    /// pass, and each chunk number is handed out once by the atomic `nextChunk`, and a worker writes only
    /// the slice of `partials` of the chunks it was handed, so no two threads touch the same memory.
    private struct SharedInputs: @unchecked Sendable {
        let pass: EpochPass
        let x: UnsafePointer<Double>
        let y: UnsafePointer<Double>
        let w: UnsafePointer<Double>
        let b: Double
    }

    /// Adds the chunks' partial sums in chunk order.
    private func reduce() -> Sums {
        gradient.update(from: partials, count: features)
        var biasGradient = 0.0 + partials[features]
        var loss = partials[features + 1]
        for chunk in 1..<chunks {
            let partial = partials + chunk * stride
            for j in 0..<features { gradient[j] += partial[j] }
            biasGradient += partial[features]
            loss += partial[features + 1]
        }
        return Sums(loss: loss, biasGradient: biasGradient)
    }

    /// The fused pass over one chunk's rows: z, σ, dz, the loss and the gradient terms together, rows
    /// taken in pairs. `Σdz` uses NumPy's pairwise scheme (eight running lanes, then the leftovers),
    /// so a single-chunk run sums exactly as `dz.sum(axis=0)` does. A fast pass hands the chunk to ``FastKernel``.
    @inline(__always)
    private func accumulate(chunk: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>, w: UnsafePointer<Double>, b: Double) {
        let d = features
        let first = chunk * rowsPerChunk
        let count = min(rowsPerChunk, samples - first)
        let out = partials + chunk * stride
        let rows = x + first * d
        let targets = y + first
        if let fastPath {
            FastKernel.chunk(path: fastPath, x: rows, y: targets, rows: count, features: d, w: w, b: b, into: out)
            return
        }
        out.update(repeating: 0, count: d)
        let paired = count - count % 4
        withUnsafeTemporaryAllocation(of: Double.self, capacity: ChunkSums.scratchCount) { scratch in
            guard let scratch = scratch.baseAddress else { return }
            var sums = ChunkSums(scratch: scratch, count: count)
            var row = 0
            while row < paired {
                let first = Self.forward(rows + row * d, w, count: d, bias: b, target: targets[row])
                let second = Self.forward(rows + (row + 1) * d, w, count: d, bias: b, target: targets[row + 1])
                Kernels.accumulatePair(out, rows + row * d, first.dz, rows + (row + 1) * d, second.dz, count: d)
                sums.add(first, row: row)
                sums.add(second, row: row + 1)
                row += 2
            }
            while row < count {
                let terms = Self.forward(rows + row * d, w, count: d, bias: b, target: targets[row])
                Kernels.accumulate(out, rows + row * d, terms.dz, count: d)
                sums.add(terms, row: row)
                row += 1
            }
            out[d] = sums.dzSum
            out[d + 1] = sums.loss
        }
    }

    /// One row's forward pass: `dz = σ(z) − y`, the linear part of its loss and its `1 + e^−|z|` factor.
    @inline(__always)
    private static func forward(
        _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, count: Int, bias: Double, target y: Double
    ) -> RowTerms {
        let z = Kernels.dot(x, w, count: count) + bias
        let (probability, e) = Kernels.logistic(z)
        return RowTerms(dz: probability - y, linearLoss: Swift.max(z, 0) - y * z, logFactor: 1 + e)
    }

    struct RowTerms {
        let dz: Double
        let linearLoss: Double
        let logFactor: Double
    }

    /// The running sums of one chunk, kept in registers (a local value, no captured variables).
    ///
    /// The loss is Σ softplus(z) − y·z with softplus(z) = max(z,0) + log1p(e^−|z|); the log1p terms are gathered
    /// as a product of (1 + e^−|z|) ∈ (1, 2] and one log is taken per 16 rows (the product stays below 2^16),
    /// which keeps a transcendental off the per-row path. `Σdz` follows NumPy's pairwise scheme: eight lanes
    /// over the first `count − count % 8` rows, combined pairwise, then the leftover rows one by one.
    struct ChunkSums {
        /// Eight lanes, then up to seven leftover values.
        static let scratchCount = 16
        let scratch: UnsafeMutablePointer<Double>
        let count: Int
        let laneRows: Int
        var linearLoss = 0.0
        var logLoss = 0.0
        var product = 1.0

        init(scratch: UnsafeMutablePointer<Double>, count: Int) {
            scratch.initialize(repeating: 0, count: Self.scratchCount)
            self.scratch = scratch
            self.count = count
            self.laneRows = count - count % 8
        }

        @inline(__always)
        mutating func add(_ terms: RowTerms, row: Int) {
            linearLoss += terms.linearLoss
            product *= terms.logFactor
            if row & 15 == 15 {
                logLoss += Foundation.log(product)
                product = 1
            }
            if row < laneRows { scratch[row & 7] += terms.dz } else { scratch[8 + row - laneRows] = terms.dz }
        }

        var dzSum: Double {
            var sum = count < 8 ? -0.0 : ((scratch[0] + scratch[1]) + (scratch[2] + scratch[3])) + ((scratch[4] + scratch[5]) + (scratch[6] + scratch[7]))
            for index in 0..<(count - laneRows) { sum += scratch[8 + index] }
            return sum
        }

        var loss: Double { linearLoss + (logLoss + Foundation.log(product)) }
    }
}
