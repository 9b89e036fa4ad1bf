/// NumPy's broadcasting rule for any number of shapes.
///
/// Shapes are aligned on their last axis; on each axis every size other than 1 must agree, and 0 is an
/// ordinary size (it matches 0 or 1 and beats 1). The two entry points differ only in the error text,
/// because NumPy itself words the failure differently for `np.broadcast_shapes` and for ufuncs.
public enum Broadcasting {
    /// `np.broadcast_shapes(*shapes)`.
    ///
    /// Fails with `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between
    /// arg 0 with shape (3, 4) and arg 1 with shape (3, 2).`, naming the pair NumPy's legacy multi-iterator
    /// names: axes are walked outermost first, and within an axis the first argument whose size is not 1 is
    /// compared with the ones after it.
    public static func broadcastShapes(_ shapes: [[Int]]) throws(NumPyError) -> [Int] {
        switch resolve(shapes) {
        case .success(let shape):
            return shape
        case .failure(let mismatch):
            throw NumPyError(
                "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg \(mismatch.first) "
                    + "with shape \(ShapeText.tuple(shapes[mismatch.first])) and arg \(mismatch.second) "
                    + "with shape \(ShapeText.tuple(shapes[mismatch.second]))."
            )
        }
    }

    /// The shape an elementwise ufunc broadcasts its operands to.
    ///
    /// Fails with `operands could not be broadcast together with shapes (3,4) (3,2) ` (every operand, each
    /// followed by one space, as NumPy writes it).
    public static func operandShape(_ shapes: [[Int]]) throws(NumPyError) -> [Int] {
        switch resolve(shapes) {
        case .success(let shape):
            return shape
        case .failure:
            throw NumPyError(
                "operands could not be broadcast together with shapes " + shapes.map { ShapeText.compact($0) + " " }.joined()
            )
        }
    }

    /// The indices of the two arguments NumPy names in a mismatch.
    struct Mismatch: Error {
        let first: Int
        let second: Int
    }

    static func resolve(_ shapes: [[Int]]) -> Result<[Int], Mismatch> {
        let ndim = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: ndim)
        for axis in 0..<ndim {
            var source = 0
            for (index, shape) in shapes.enumerated() {
                let k = axis + shape.count - ndim
                guard k >= 0 else { continue }
                let size = shape[k]
                if size == 1 { continue }
                if result[axis] == 1 {
                    result[axis] = size
                    source = index
                } else if result[axis] != size {
                    return .failure(Mismatch(first: source, second: index))
                }
            }
        }
        return .success(result)
    }

    /// Element strides that read an array of `shape` as if it had `target`'s shape: aligned on the last axis,
    /// 0 on broadcast (size-1 or missing) axes, so the operand is never copied.
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var stride = 1
        var axis = shape.count - 1
        var targetAxis = target.count - 1
        while axis >= 0 {
            strides[targetAxis] = shape[axis] == 1 ? 0 : stride
            stride *= shape[axis]
            axis -= 1
            targetAxis -= 1
        }
        return strides
    }
}
