import Engine
import Testing

/// `matmul` (`@`) and `dot` against numpy: shapes and error texts exact, values within 1e-12 relative.
@Suite struct LinearAlgebraTests {
    static let tolerance = 1e-12

    static func operation(_ name: String) throws -> ArrayOperation {
        try #require(ArrayOperation(name))
    }

    @Test func fixtureCoversTheBrief() throws {
        let cases = try Fixtures.arrays().linear
        #expect(cases.count >= 60)
        #expect(cases.contains { $0.op == "matmul" && $0.error?.contains("does not have enough dimensions") == true })
        #expect(cases.contains { $0.op == "matmul" && $0.error?.contains("remapped shapes") == true })
        #expect(cases.contains { $0.op == "dot" && $0.error?.contains("not aligned") == true })
        #expect(cases.contains { $0.a.values.contains(where: \.isNaN) || $0.b.values.contains(where: \.isNaN) })
    }

    @Test func valuesMatchNumPy() throws {
        for item in try Fixtures.arrays().linear {
            let operation = try Self.operation(item.op)
            do throws(NumPyError) {
                let got = try operation.apply(item.a.ndarray, item.b.ndarray)
                guard let expected = item.result else {
                    Issue.record("\(item.label): expected \(item.error ?? ""), got shape \(got.shape)")
                    continue
                }
                #expect(got.shape == expected.shape, "\(item.label)")
                let distant = Compare.firstDistant(got.data, expected.values, relative: Self.tolerance)
                #expect(distant == nil, "\(item.label) \(distant ?? "")")
            } catch {
                #expect(error.message == item.error, "\(item.label)")
            }
        }
    }

    @Test func resultShapeMatchesNumPy() throws {
        for item in try Fixtures.arrays().linear {
            let operation = try Self.operation(item.op)
            do throws(NumPyError) {
                let shape = try operation.resultShape(item.a.shape, item.b.shape)
                #expect(shape == item.result?.shape, "\(item.label)")
            } catch {
                #expect(error.message == item.error, "\(item.label)")
            }
        }
    }

    @Test func symbolIsMatmul() throws {
        #expect(throws: NumPyError(
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)"
        )) {
            try Self.operation("@").apply(NDArray(shape: [3, 4], repeating: 1), NDArray(shape: [3, 2], repeating: 1))
        }
        #expect(throws: NumPyError(
            "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
        )) {
            try Self.operation("@").resultShape([], [])
        }
    }

    @Test func zeroSizeCoreGivesZeros() throws {
        let product = try ArrayOperation.matmul.apply(NDArray(shape: [2, 0], data: []), NDArray(shape: [0, 3], data: []))
        #expect(product == NDArray(shape: [2, 3], repeating: 0))
        let inner = try ArrayOperation.dot.apply(NDArray(shape: [0], data: []), NDArray(shape: [0], data: []))
        #expect(inner == NDArray(scalar: 0))
    }

    @Test func dotWithAScalarMultiplies() throws {
        let scaled = try ArrayOperation.dot.apply(NDArray(scalar: 2), NDArray(shape: [3], data: [1, -0.0, .infinity]))
        #expect(scaled.shape == [3])
        #expect(Compare.firstMismatch(scaled.data, [2, -0.0, .infinity]) == nil)
    }

    /// notebook.md In[98]: `np.dot(w1, w2)` of rand(100) as (1,100) and rand(100) as (100,1) after seed 42.
    @Test func notebookDot() throws {
        let dot = try Fixtures.notebook().dot
        #expect(dot.a.shape == [1, 100] && dot.b.shape == [100, 1])
        var rng = try RandomState(seed: dot.seed)
        let w1 = rng.rand([1, 100])
        let w2 = rng.rand([100, 1])
        #expect(w1 == dot.a.ndarray)
        #expect(w2 == dot.b.ndarray)
        for name in ["dot", "matmul"] {
            let product = try Self.operation(name).apply(w1, w2)
            #expect(product.shape == [1, 1])
            #expect(Compare.firstDistant(product.data, dot.result.values, relative: Self.tolerance) == nil, "\(name)")
        }
    }
}
