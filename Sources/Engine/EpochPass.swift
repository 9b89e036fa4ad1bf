import Dispatch
import Foundation

/// One epoch's fused pass over the training set, split into fixed row chunks.
///
/// The chunk size depends only on the number of features, never on the thread count, and the chunks'
/// partial sums are added in chunk order, so results are identical on any number of threads. Buffers are
/// allocated once per run and reused by every epoch.
final class EpochPass {
    /// The sums of one pass: total loss and `Σdz`; `xᵀdz` is left in ``gradient``.
    struct Sums {
        let loss: Double
        let biasGradient: Double
    }

    let samples: Int
    let features: Int
    let rowsPerChunk: Int
    let chunks: Int
    let workers: Int
    /// `xᵀdz` of the last pass, `features` elements.
    let gradient: UnsafeMutablePointer<Double>
    /// Per chunk: `features` gradient sums, then `Σdz`, then the loss sum.
    private let partials: UnsafeMutablePointer<Double>
    private var stride: Int { features + 2 }

    /// Elements of x one chunk covers (about 512 KiB), so a chunk's rows stay in cache between the
    /// forward and backward use of each row and two threads have enough chunks to share.
    static let elementsPerChunk = 1 << 16

    init(samples: Int, features: Int, parallelism: Int) {
        self.samples = samples
        self.features = features
        self.rowsPerChunk = max(8, (Self.elementsPerChunk / max(features, 1)) & ~7)
        self.chunks = max(1, (samples + rowsPerChunk - 1) / rowsPerChunk)
        self.workers = max(1, min(parallelism, chunks))
        self.gradient = .allocate(capacity: features)
        self.partials = .allocate(capacity: chunks * (features + 2))
    }

    deinit {
        gradient.deallocate()
        partials.deallocate()
    }

    /// Runs one pass with `model`'s current parameters.
    func run(x: UnsafePointer<Double>, y: UnsafePointer<Double>, model: LogisticModel) -> Sums {
        model.weights.withUnsafeBufferPointer { w in
            guard let w = w.baseAddress else { return Sums(loss: 0, biasGradient: 0) }
            if workers == 1 {
                for chunk in 0..<chunks { accumulate(chunk: chunk, x: x, y: y, w: w, b: model.bias) }
            } else {
                let shared = SharedInputs(pass: self, x: x, y: y, w: w, b: model.bias)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for chunk in Swift.stride(from: worker, to: shared.pass.chunks, by: shared.pass.workers) {
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
    /// pass, and each iteration writes only its own chunks' slices of `partials`, so no two threads
    /// touch the same memory.
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
    /// so a single-chunk run sums exactly as `dz.sum(axis=0)` does.
    @inline(__always)
    private func accumulate(chunk: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>, w: UnsafePointer<Double>, b: Double) {
        let d = features
        let first = chunk * rowsPerChunk
        let count = min(rowsPerChunk, samples - first)
        let out = partials + chunk * stride
        out.update(repeating: 0, count: d)
        let rows = x + first * d
        let targets = y + first
        let paired = count - count % 4
        let laneRows = count - count % 8
        var lanes = SIMD8<Double>()
        var leftovers = SIMD8<Double>()
        // The loss is Σ softplus(z) − y·z with softplus(z) = max(z,0) + log1p(e^−|z|). The log1p terms are
        // gathered as a product of (1 + e^−|z|) ∈ (1, 2] over 16 rows and one log is taken per 16 rows,
        // which keeps a transcendental off the per-row path (the product stays below 2^16).
        var linearLoss = 0.0
        var logLoss = 0.0
        var product = 1.0

        @inline(__always)
        func forward(_ row: Int) -> Double {
            let z = Kernels.dot(rows + row * d, w, count: d) + b
            let y = targets[row]
            let e = Foundation.exp(-Swift.abs(z))
            let probability = z >= 0 ? 1 / (1 + e) : e / (1 + e)
            linearLoss += Swift.max(z, 0) - y * z
            product *= 1 + e
            if row & 15 == 15 {
                logLoss += Foundation.log(product)
                product = 1
            }
            let dz = probability - y
            if row < laneRows { lanes[row & 7] += dz } else { leftovers[row - laneRows] = dz }
            return dz
        }

        var row = 0
        while row < paired {
            let dz0 = forward(row)
            let dz1 = forward(row + 1)
            Kernels.accumulatePair(out, rows + row * d, dz0, rows + (row + 1) * d, dz1, count: d)
            row += 2
        }
        while row < count {
            Kernels.accumulate(out, rows + row * d, forward(row), count: d)
            row += 1
        }

        var dzSum = count < 8 ? -0.0 : ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        for index in 0..<(count - laneRows) { dzSum += leftovers[index] }
        out[d] = dzSum
        out[d + 1] = linearLoss + (logLoss + Foundation.log(product))
    }
}
