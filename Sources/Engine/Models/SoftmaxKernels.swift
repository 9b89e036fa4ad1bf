import CFastKernels
import Foundation

/// The softmax model's per-row arithmetic over raw pointers, in the epoch pass and prediction: no allocation, no
/// dynamic dispatch; the linear algebra in CFastKernels' exact kernels for the CPU's widest vector unit.
enum SoftmaxKernels {
    /// The vector unit the linear algebra runs on: the widest this CPU has. Every unit gives the same bits (see
    /// `CFastKernels.h`), so the vector unit never changes a run's result.
    static let path = FastKernel.widest.rawValue

    /// `z = b + x·W` for one row: `W` is d×k in row-major order. Each class's sum is `b_c`, then `+ x_j·W_jc` for
    /// j = 0, 1, … in order, in registers, a vector of classes at a time (CFastKernels' `descent_softmax_logits`).
    @inline(__always)
    static func logits(
        _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ b: UnsafePointer<Double>, features d: Int, classes k: Int,
        into z: UnsafeMutablePointer<Double>, on path: Int32 = path
    ) {
        descent_softmax_logits(path, x, w, b, d, k, z)
    }

    /// `G += x·dzᵀ` for one row (`G` d×k row-major, like `W`): `G_jc += x_j·dz_c`, one multiply and one add per value.
    @inline(__always)
    static func addOuterProduct(
        _ x: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, features d: Int, classes k: Int, into g: UnsafeMutablePointer<Double>,
        on path: Int32 = path
    ) {
        descent_softmax_add_outer(path, x, dz, d, k, g)
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
