import Testing

@testable import Engine

/// The softmax model's linear algebra on every vector unit this CPU has: the same bits as the plain loops (each value
/// a multiply and an add per feature, in feature order), for class counts that use every block width and its tail.
@Suite struct SoftmaxKernelsTests {
    static let shapes: [(features: Int, classes: Int)] = [(1, 2), (3, 1), (5, 3), (32, 10), (7, 17), (2, 31), (13, 8), (4, 4)]

    @Test(arguments: FastKernel.supported)
    func logitsHaveThePlainLoopsBits(_ path: FastKernel.VectorPath) throws {
        var rng = try RandomState(seed: 7)
        for (d, k) in Self.shapes {
            let x = rng.randn([d]).data
            let w = rng.randn([d, k]).data.map { $0 * 1e3 }
            let b = rng.randn([k]).data
            var expected = b
            for c in 0..<k {
                for j in 0..<d { expected[c] = expected[c] + x[j] * w[j * k + c] }
            }
            var z = [Double](repeating: .nan, count: k)
            SoftmaxKernels.logits(x, w, b, features: d, classes: k, into: &z, on: path.rawValue)
            #expect(z.map(\.bitPattern) == expected.map(\.bitPattern), "d = \(d), k = \(k) on \(path)")
        }
    }

    @Test(arguments: FastKernel.supported)
    func outerProductHasThePlainLoopsBits(_ path: FastKernel.VectorPath) throws {
        var rng = try RandomState(seed: 8)
        for (d, k) in Self.shapes {
            let x = rng.randn([d]).data
            let dz = rng.randn([k]).data
            let start = rng.randn([d, k]).data.map { $0 * 1e-3 }
            var expected = start
            for j in 0..<d {
                for c in 0..<k { expected[j * k + c] = expected[j * k + c] + x[j] * dz[c] }
            }
            var g = start
            SoftmaxKernels.addOuterProduct(x, dz, features: d, classes: k, into: &g, on: path.rawValue)
            #expect(g.map(\.bitPattern) == expected.map(\.bitPattern), "d = \(d), k = \(k) on \(path)")
        }
    }
}
