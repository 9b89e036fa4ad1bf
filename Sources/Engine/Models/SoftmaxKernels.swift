import Foundation

/// The softmax model's per-row arithmetic over raw pointers, inlined into the epoch pass and prediction: no
/// allocation, no dynamic dispatch.
enum SoftmaxKernels {
    /// `z = b + x·W` for one row: `W` is d×k in row-major order, so each feature adds a contiguous row of k.
    @inline(__always)
    static func logits(
        _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ b: UnsafePointer<Double>, features d: Int, classes k: Int,
        into z: UnsafeMutablePointer<Double>
    ) {
        z.update(from: b, count: k)
        for j in 0..<d {
            let value = x[j]
            let row = w + j &* k
            for c in 0..<k { z[c] += value * row[c] }
        }
    }

    /// Turns logits into probabilities in place (`e^(z−max)/Σ`) and returns `log Σ e^z` (for the loss `lse − z_y`).
    @inline(__always)
    static func softmax(_ z: UnsafeMutablePointer<Double>, classes k: Int) -> Double {
        var largest = z[0]
        for c in 1..<k where z[c] > largest { largest = z[c] }
        var total = 0.0
        for c in 0..<k {
            let e = Foundation.exp(z[c] - largest)
            z[c] = e
            total += e
        }
        for c in 0..<k { z[c] /= total }
        return largest + Foundation.log(total)
    }

    /// The index of the largest of k values (the first on a tie, as `argmax`).
    @inline(__always)
    static func argmax(_ p: UnsafePointer<Double>, classes k: Int) -> Int {
        var best = 0
        for c in 1..<k where p[c] > p[best] { best = c }
        return best
    }
}
