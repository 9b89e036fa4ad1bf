import Dispatch
import Foundation
import Synchronization

/// The new trainer's fused pass over a batch of rows (the whole training set, a mini-batch, or the validation set):
/// forward, loss and (optionally) gradient sums together, for logistic or softmax, split into fixed row chunks.
///
/// As in ``EpochPass``, the chunk size depends only on the model's shape (d and o), never on the thread count, and the
/// chunks' partial sums are added in chunk order, so a pass has the same bits on any number of threads. All buffers
/// are allocated once per run; the row loops allocate nothing and switch on the model once per chunk.
final class BatchPass {
    let kind: ModelKind
    /// d.
    let features: Int
    /// o: 1 for logistic, k for softmax.
    let outputs: Int
    /// `d·o + o`: the gradient of `W` (row-major), then of `b`.
    let parameterCount: Int
    let rowsPerChunk: Int
    /// Chunks of the largest batch the pass was made for.
    let maxChunks: Int
    /// The summed gradient of the last pass with `gradient: true`, `parameterCount` values. Owned and freed by the
    /// pass.
    let gradient: UnsafeMutablePointer<Double>
    /// Per chunk: the gradient sums, the loss sum, then o scratch values for a row's logits, padded to whole cache
    /// lines so that threads summing neighbouring chunks never share a line.
    private let partials: UnsafeMutablePointer<Double>
    private let stride: Int
    private let nextChunk = Atomic<Int>(0)
    private static let cacheLine = 64

    /// Multiply-adds of one chunk (about 256 KiB of rows for logistic), so that a full-batch pass over a few thousand
    /// rows already splits into chunks for two threads.
    static let elementsPerChunk = 1 << 15

    init(kind: ModelKind, features: Int, outputs: Int, maxRows: Int) {
        self.kind = kind
        self.features = features
        self.outputs = outputs
        self.parameterCount = features * outputs + outputs
        self.rowsPerChunk = max(8, (Self.elementsPerChunk / max(features * outputs, 1)) & ~7)
        self.maxChunks = max(1, (maxRows + rowsPerChunk - 1) / rowsPerChunk)
        let perLine = Self.cacheLine / MemoryLayout<Double>.stride
        self.stride = (parameterCount + 1 + outputs + perLine - 1) / perLine * perLine
        self.gradient = .allocate(capacity: parameterCount)
        self.gradient.initialize(repeating: 0, count: parameterCount)
        self.partials = UnsafeMutableRawPointer.allocate(byteCount: maxChunks * stride * MemoryLayout<Double>.stride, alignment: Self.cacheLine)
            .bindMemory(to: Double.self, capacity: maxChunks * stride)
        self.partials.initialize(repeating: 0, count: maxChunks * stride)
    }

    deinit {
        gradient.deinitialize(count: parameterCount)
        gradient.deallocate()
        partials.deinitialize(count: maxChunks * stride)
        UnsafeMutableRawPointer(partials).deallocate()  // allocated raw, for its alignment
    }

    /// One pass over `count` rows of `x` (n×d) and `y`: rows `order[0..<count]`, or rows `0..<count` when `order` is nil.
    /// Returns the summed loss; with `withGradient`, leaves the summed gradient in ``gradient``.
    ///
    /// - Precondition: `count` is at most the `maxRows` the pass was made for.
    func run(
        x: UnsafePointer<Double>, y: UnsafePointer<Double>, order: UnsafePointer<Int>?, count: Int, parameters: UnsafePointer<Double>,
        withGradient: Bool, threads: Int
    ) -> Double {
        let chunks = max(1, (count + rowsPerChunk - 1) / rowsPerChunk)
        precondition(chunks <= maxChunks, "batch larger than the pass was made for")
        let inputs = SharedInputs(pass: self, x: x, y: y, order: order, count: count, parameters: parameters, withGradient: withGradient)
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for chunk in 0..<chunks { accumulate(chunk: chunk, inputs) }
        } else {
            // Workers take the next chunk as they become free; which thread sums a chunk never changes its sums or the
            // order they are added in.
            nextChunk.store(0, ordering: .relaxed)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let chunk = inputs.pass.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard chunk < chunks else { break }
                    inputs.pass.accumulate(chunk: chunk, inputs)
                }
            }
        }
        return reduce(chunks: chunks, withGradient: withGradient)
    }

    /// What the worker threads of one pass share.
    ///
    /// `@unchecked Sendable` is safe: `concurrentPerform` returns only after every iteration has finished, so every
    /// pointer outlives its use; `x`, `y`, `order` and `parameters` are only read during the pass; each chunk number
    /// is handed out once by the atomic `nextChunk`, and a worker writes only the `partials` slice of the chunks it was
    /// handed, so no two threads touch the same memory.
    private struct SharedInputs: @unchecked Sendable {
        let pass: BatchPass
        let x: UnsafePointer<Double>
        let y: UnsafePointer<Double>
        let order: UnsafePointer<Int>?
        let count: Int
        let parameters: UnsafePointer<Double>
        let withGradient: Bool
    }

    /// Adds the chunks' partial sums in chunk order; returns the loss sum.
    private func reduce(chunks: Int, withGradient: Bool) -> Double {
        var loss = partials[parameterCount]
        if withGradient { gradient.update(from: partials, count: parameterCount) }
        for chunk in 1..<max(chunks, 1) {
            let partial = partials + chunk * stride
            if withGradient {
                for index in 0..<parameterCount { gradient[index] += partial[index] }
            }
            loss += partial[parameterCount]
        }
        return loss
    }

    /// One chunk's rows: forward, loss, and the gradient terms.
    private func accumulate(chunk: Int, _ inputs: SharedInputs) {
        let out = partials + chunk * stride
        let first = chunk * rowsPerChunk
        let end = min(first + rowsPerChunk, inputs.count)
        if inputs.withGradient { out.update(repeating: 0, count: parameterCount) }
        let loss: Double
        switch kind {
        case .logistic:
            loss = Self.logisticRows(first..<end, inputs, features: features, out: out)
        case .softmax:
            loss = Self.softmaxRows(first..<end, inputs, features: features, classes: outputs, out: out, scratch: out + parameterCount + 1)
        }
        out[parameterCount] = loss
    }

    /// Logistic rows: `z = x·w + b`, loss `softplus(z) − y·z`, `dz = σ(z) − y`, `g_w += x·dz`, `g_b += dz`.
    @inline(__always)
    private static func logisticRows(_ range: Range<Int>, _ inputs: SharedInputs, features d: Int, out: UnsafeMutablePointer<Double>) -> Double {
        let w = inputs.parameters
        let b = inputs.parameters[d]
        var loss = 0.0
        var biasGradient = 0.0
        for position in range {
            let row = inputs.order?[position] ?? position
            let x = inputs.x + row &* d
            let target = inputs.y[row]
            let z = Kernels.dot(x, w, count: d) + b
            let (probability, e) = Kernels.logistic(z)
            loss += Swift.max(z, 0) - target * z + Foundation.log1p(e)
            if inputs.withGradient {
                let dz = probability - target
                Kernels.accumulate(out, x, dz, count: d)
                biasGradient += dz
            }
        }
        if inputs.withGradient { out[d] = biasGradient }
        return loss
    }

    /// Softmax rows: `z = b + x·W`, loss `log Σe^z − z_y`, `dz = p − onehot(y)`, `g_W += xᵀdz`, `g_b += dz`.
    @inline(__always)
    private static func softmaxRows(
        _ range: Range<Int>, _ inputs: SharedInputs, features d: Int, classes k: Int, out: UnsafeMutablePointer<Double>,
        scratch z: UnsafeMutablePointer<Double>
    ) -> Double {
        let w = inputs.parameters
        let b = inputs.parameters + d &* k
        let biasGradient = out + d &* k
        var loss = 0.0
        for position in range {
            let row = inputs.order?[position] ?? position
            let x = inputs.x + row &* d
            let label = Int(inputs.y[row])
            SoftmaxKernels.logits(x, w, b, features: d, classes: k, into: z)
            let target = z[label]
            loss += SoftmaxKernels.softmax(z, classes: k) - target
            if inputs.withGradient {
                z[label] -= 1
                SoftmaxKernels.addOuterProduct(x, z, features: d, classes: k, into: out)
                for c in 0..<k { biasGradient[c] += z[c] }
            }
        }
        return loss
    }
}
