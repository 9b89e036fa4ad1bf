/// `np.matmul` (`@`) and `np.dot` over float64 arrays, with NumPy's shape rules and error texts.
///
/// `matmul` treats the last two axes as matrices and broadcasts the axes before them; a 1-D operand is
/// promoted to a matrix and its axis removed from the result. `dot` contracts a's last axis with b's
/// second-to-last (b's only axis if 1-D), with no broadcasting, and multiplies elementwise when either
/// operand is 0-d.
public enum LinearAlgebra {
    static let matmulSignature = "(n?,k),(k,m?)->(n?,m?)"

    /// How a `matmul` runs: the batch axes and the core sizes of every product.
    struct MatmulPlan {
        let shape: [Int]
        let batchShape: [Int]
        let batchStridesA: [Int]
        let batchStridesB: [Int]
        let n: Int
        let k: Int
        let m: Int
    }

    static func matmulShape(_ a: [Int], _ b: [Int]) throws(NumPyError) -> MatmulPlan {
        for (operand, shape) in [a, b].enumerated() where shape.isEmpty {
            throw NumPyError(
                "matmul: Input operand \(operand) does not have enough dimensions (has 0, gufunc core with signature "
                    + "\(matmulSignature) requires 1)"
            )
        }
        let n = a.count == 1 ? 1 : a[a.count - 2]
        let ka = a[a.count - 1]
        let kb = b.count == 1 ? b[0] : b[b.count - 2]
        let m = b.count == 1 ? 1 : b[b.count - 1]
        guard ka == kb else {
            throw NumPyError(
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \(matmulSignature) "
                    + "(size \(kb) is different from \(ka))"
            )
        }
        let batchA = Array(a.dropLast(2))
        let batchB = Array(b.dropLast(2))
        guard case .success(let batch) = Broadcasting.resolve([batchA, batchB]) else {
            let remapped = [(a, batchA), (b, batchB)].map { shape, batch in
                ShapeText.compact(shape) + "->(" + (batch.map(String.init) + ["newaxis", "newaxis"]).joined(separator: ",") + ") "
            }
            throw NumPyError(
                "operands could not be broadcast together with remapped shapes [original->remapped]: " + remapped.joined()
                    + " and requested shape (\(n),\(m))"
            )
        }
        let shape = batch + (a.count > 1 ? [n] : []) + (b.count > 1 ? [m] : [])
        return MatmulPlan(
            shape: shape,
            batchShape: batch,
            batchStridesA: Broadcasting.strides(of: batchA, broadcastTo: batch).map { $0 * n * ka },
            batchStridesB: Broadcasting.strides(of: batchB, broadcastTo: batch).map { $0 * kb * m },
            n: n,
            k: ka,
            m: m
        )
    }

    /// `a @ b`.
    public static func matmul(_ a: NDArray, _ b: NDArray) throws(NumPyError) -> NDArray {
        let plan = try matmulShape(a.shape, b.shape)
        let count = NDArray.elementCount(of: plan.shape) ?? 0
        let (n, k, m) = (plan.n, plan.k, plan.m)
        let block = n * m
        var data = [Double](repeating: 0, count: count)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                data.withUnsafeMutableBufferPointer { out in
                    // Empty operands (k == 0) or an empty result leave the zeros NumPy returns.
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseOut = out.baseAddress else { return }
                    var batch = PairedOdometer(shape: plan.batchShape, stridesA: plan.batchStridesA, stridesB: plan.batchStridesB)
                    var offsetOut = 0
                    while offsetOut < count {
                        multiply(baseA + batch.offsetA, baseB + batch.offsetB, into: baseOut + offsetOut, n: n, k: k, m: m)
                        offsetOut += block
                        batch.advance()
                    }
                }
            }
        }
        return NDArray(shape: plan.shape, data: data)
    }

    /// `c (n,m) += a (n,k) · b (k,m)`, all C-order; rows of `b` are streamed so the inner loop is contiguous.
    @inline(__always)
    static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>, n: Int, k: Int, m: Int
    ) {
        for i in 0..<n {
            let row = c + i * m
            for p in 0..<k {
                let scale = a[i * k + p]
                let bRow = b + p * m
                for j in 0..<m {
                    row[j] += scale * bRow[j]
                }
            }
        }
    }

    static func dotShape(_ a: [Int], _ b: [Int]) throws(NumPyError) -> [Int] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        let contractedB = b.count == 1 ? 0 : b.count - 2
        guard a[a.count - 1] == b[contractedB] else {
            throw NumPyError(
                "shapes \(ShapeText.compact(a)) and \(ShapeText.compact(b)) not aligned: "
                    + "\(a[a.count - 1]) (dim \(a.count - 1)) != \(b[contractedB]) (dim \(contractedB))"
            )
        }
        return Array(a.dropLast()) + Array(b.dropLast(2)) + (b.count > 1 ? [b[b.count - 1]] : [])
    }

    /// `np.dot(a, b)`.
    public static func dot(_ a: NDArray, _ b: NDArray) throws(NumPyError) -> NDArray {
        let shape = try dotShape(a.shape, b.shape)
        if a.shape.isEmpty || b.shape.isEmpty {
            return try BinaryOperation.multiply.apply(a, b)
        }
        // a viewed as (p, k); b as (q, k, m); the result is (p, q, m) in C order.
        let k = a.shape[a.shape.count - 1]
        let m = b.shape.count > 1 ? b.shape[b.shape.count - 1] : 1
        let p = a.shape.dropLast().reduce(1, *)
        let q = b.shape.dropLast(b.shape.count > 1 ? 2 : 1).reduce(1, *)
        let count = NDArray.elementCount(of: shape) ?? 0
        var data = [Double](repeating: 0, count: count)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                data.withUnsafeMutableBufferPointer { out in
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseOut = out.baseAddress else { return }
                    for i in 0..<p {
                        for j in 0..<q {
                            multiply(baseA + i * k, baseB + j * k * m, into: baseOut + (i * q + j) * m, n: 1, k: k, m: m)
                        }
                    }
                }
            }
        }
        return NDArray(shape: shape, data: data)
    }
}
