import Foundation

/// The inner loops of training and prediction: plain functions over raw pointers, inlined into their
/// callers, with no allocation and no dynamic dispatch.
enum Kernels {
    /// `Σ x[j]·w[j]`, eight lanes at a time; for d < 8 it is the plain left-to-right sum.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>?, _ w: UnsafePointer<Double>?, count: Int) -> Double {
        guard let x, let w else { return 0 }
        var j = 0
        var total = 0.0
        if count >= 8 {
            var acc0 = SIMD4<Double>()
            var acc1 = SIMD4<Double>()
            let rawX = UnsafeRawPointer(x)
            let rawW = UnsafeRawPointer(w)
            while j &+ 8 <= count {
                let offset = j &* MemoryLayout<Double>.stride
                acc0 += rawX.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    * rawW.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                acc1 += rawX.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
                    * rawW.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
                j &+= 8
            }
            total = (acc0 + acc1).sum()
        }
        while j < count {
            total += x[j] * w[j]
            j &+= 1
        }
        return total
    }

    /// `g[j] += x0[j]·c0 + x1[j]·c1`: two rows' gradient terms, each pair summed first (the order
    /// OpenBLAS's `dgemv` uses for `x.T @ dz`, so small runs match NumPy bit for bit).
    @inline(__always)
    static func accumulatePair(
        _ g: UnsafeMutablePointer<Double>, _ x0: UnsafePointer<Double>, _ c0: Double, _ x1: UnsafePointer<Double>, _ c1: Double, count: Int
    ) {
        var j = 0
        let rawG = UnsafeMutableRawPointer(g)
        let rawX0 = UnsafeRawPointer(x0)
        let rawX1 = UnsafeRawPointer(x1)
        let s0 = SIMD4<Double>(repeating: c0)
        let s1 = SIMD4<Double>(repeating: c1)
        while j &+ 4 <= count {
            let offset = j &* MemoryLayout<Double>.stride
            let sum = rawX0.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) * s0
                + rawX1.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) * s1
            rawG.storeBytes(of: rawG.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) + sum, toByteOffset: offset, as: SIMD4<Double>.self)
            j &+= 4
        }
        while j < count {
            g[j] += x0[j] * c0 + x1[j] * c1
            j &+= 1
        }
    }

    /// `g[j] += x[j]·c`.
    @inline(__always)
    static func accumulate(_ g: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>, _ c: Double, count: Int) {
        for j in 0..<count {
            g[j] += x[j] * c
        }
    }

    /// `σ(z)` without overflow, and `e^−|z|`: `1/(1+e^−z)` for z ≥ 0 (NumPy's formula), `e^z/(1+e^z)` below.
    /// The one place the logistic function is written: training, evaluation and prediction all call it.
    @inline(__always)
    static func logistic(_ z: Double) -> (probability: Double, e: Double) {
        let e = Foundation.exp(-Swift.abs(z))
        return (z >= 0 ? 1 / (1 + e) : e / (1 + e), e)
    }
}
