import Foundation

/// NumPy's binary elementwise ufuncs over float64, with the IEEE-754 results NumPy returns.
///
/// Nothing here raises: `1/0` is `inf`, `0/0` is `nan`, `x ** 0` is `1` even for NaN (C99 `pow`), and
/// `maximum`/`minimum` propagate NaN from either side as NumPy's do (unlike `fmax`/`fmin`).
public enum BinaryOperation: String, Sendable, CaseIterable {
    case add, subtract, multiply, divide, power, maximum, minimum

    /// The operation over two broadcast operands.
    ///
    /// Operands are read through strides (0 on broadcast axes), never copied; the result is one new
    /// C-order buffer.
    public func apply(_ a: NDArray, _ b: NDArray) throws(NumPyError) -> NDArray {
        let shape = try Broadcasting.operandShape([a.shape, b.shape])
        switch self {
        case .add: return Self.map(a, b, to: shape) { $0 + $1 }
        case .subtract: return Self.map(a, b, to: shape) { $0 - $1 }
        case .multiply: return Self.map(a, b, to: shape) { $0 * $1 }
        case .divide: return Self.map(a, b, to: shape) { $0 / $1 }
        case .power: return Self.map(a, b, to: shape) { Foundation.pow($0, $1) }
        case .maximum: return Self.map(a, b, to: shape) { ($0 >= $1 || $0.isNaN) ? $0 : $1 }
        case .minimum: return Self.map(a, b, to: shape) { ($0 <= $1 || $0.isNaN) ? $0 : $1 }
        }
    }

    /// Walks the result in C order, keeping one offset per operand; the innermost axis is a tight loop
    /// whose element function is specialised per operation (no dispatch per element).
    @inline(__always)
    static func map(_ a: NDArray, _ b: NDArray, to shape: [Int], _ body: (Double, Double) -> Double) -> NDArray {
        let count = NDArray.elementCount(of: shape) ?? 0
        guard count > 0 else { return NDArray(shape: shape, data: []) }
        let stridesA = Broadcasting.strides(of: a.shape, broadcastTo: shape)
        let stridesB = Broadcasting.strides(of: b.shape, broadcastTo: shape)
        let inner = shape.last ?? 1
        let innerA = stridesA.last ?? 0
        let innerB = stridesB.last ?? 0
        let outerAxes = max(shape.count - 1, 0)
        let data = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    var outer = PairedOdometer(
                        shape: Array(shape.prefix(outerAxes)), stridesA: Array(stridesA.prefix(outerAxes)),
                        stridesB: Array(stridesB.prefix(outerAxes)))
                    var position = 0
                    while position < count {
                        var ia = outer.offsetA
                        var ib = outer.offsetB
                        for k in 0..<inner {
                            out[position + k] = body(pa[ia], pb[ib])
                            ia += innerA
                            ib += innerB
                        }
                        position += inner
                        outer.advance()
                    }
                }
            }
            initialized = count
        }
        return NDArray(shape: shape, data: data)
    }
}
