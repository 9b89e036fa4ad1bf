import Engine
import Testing

/// Broadcasting against numpy: `np.broadcast_shapes` and the ufunc wording, from the fixture and the reference.
@Suite struct BroadcastingTests {
    typealias Outcome = (shape: [Int]?, error: String?)

    static func outcome(_ body: () throws(NumPyError) -> [Int]) -> Outcome {
        do throws(NumPyError) {
            return (try body(), nil)
        } catch {
            return (nil, error.message)
        }
    }

    static func check(_ got: Outcome, _ expected: ShapeOutcome, _ label: String) {
        if let error = expected.error {
            #expect(got.error == error, "\(label)")
            #expect(got.shape == nil, "\(label)")
        } else {
            #expect(got.shape == expected.shape, "\(label)")
            #expect(got.error == nil, "\(label)")
        }
    }

    @Test func fixtureCoversTheBrief() throws {
        let fixture = try Fixtures.broadcasting()
        #expect(fixture.cases.count >= 200)
        #expect(fixture.cases.contains { $0.shapes.count == 4 })
        #expect(fixture.cases.contains { $0.shapes.contains([]) })
        #expect(fixture.cases.filter { $0.broadcastShapes.error != nil }.count >= 50)
    }

    @Test func broadcastShapesMatchesNumPy() throws {
        for item in try Fixtures.broadcasting().cases {
            Self.check(Self.outcome { () throws(NumPyError) in try Broadcasting.broadcastShapes(item.shapes) },
                       item.broadcastShapes, "broadcast_shapes \(item.shapes)")
        }
    }

    @Test func operandShapeMatchesTheUfuncWording() throws {
        for item in try Fixtures.broadcasting().cases {
            Self.check(Self.outcome { () throws(NumPyError) in try Broadcasting.operandShape(item.shapes) },
                       item.ufunc, "ufunc \(item.shapes)")
        }
    }

    @Test(arguments: BinaryOperation.allCases)
    func elementwiseResultShapeMatchesNpAdd(operation: BinaryOperation) throws {
        for item in try Fixtures.broadcasting().cases where item.shapes.count == 2 {
            let got = Self.outcome { () throws(NumPyError) in
                try ArrayOperation.elementwise(operation).resultShape(item.shapes[0], item.shapes[1])
            }
            Self.check(got, item.ufunc, "\(operation) \(item.shapes)")
        }
    }

    @Test func referenceWordings() {
        #expect(Self.outcome { () throws(NumPyError) in try Broadcasting.broadcastShapes([[3, 4], [1], [3, 2]]) }.error
            == "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (3, 4) and arg 2 with shape (3, 2).")
        #expect(Self.outcome { () throws(NumPyError) in try Broadcasting.broadcastShapes([[2, 3], [3, 3], [3, 4]]) }.error
            == "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (2, 3) and arg 1 with shape (3, 3).")
        #expect(Self.outcome { () throws(NumPyError) in try Broadcasting.broadcastShapes([[3], [4]]) }.error
            == "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (3,) and arg 1 with shape (4,).")
        #expect(Self.outcome { () throws(NumPyError) in try Broadcasting.operandShape([[3, 4], [3, 2]]) }.error
            == "operands could not be broadcast together with shapes (3,4) (3,2) ")
        #expect(Self.outcome { () throws(NumPyError) in try Broadcasting.operandShape([[3, 4], [3, 2], []]) }.error
            == "operands could not be broadcast together with shapes (3,4) (3,2) () ")
        #expect(Self.outcome { () throws(NumPyError) in try ArrayOperation.elementwise(.subtract).resultShape([0, 4], [2, 4]) }.error
            == "operands could not be broadcast together with shapes (0,4) (2,4) ")
    }

    @Test func zeroDimensionalShapes() throws {
        #expect(try Broadcasting.broadcastShapes([]) == [])
        #expect(try Broadcasting.broadcastShapes([[]]) == [])
        #expect(try Broadcasting.broadcastShapes([[], []]) == [])
        #expect(try Broadcasting.broadcastShapes([[], [3, 4]]) == [3, 4])
        #expect(try Broadcasting.operandShape([[3, 4], []]) == [3, 4])
        #expect(try ArrayOperation.elementwise(.add).resultShape([], []) == [])
        #expect(try ArrayOperation.elementwise(.multiply).resultShape([], [0]) == [0])
    }

    @Test func zeroSizeAxesAreOrdinarySizes() throws {
        #expect(try Broadcasting.broadcastShapes([[0, 4], [1, 4]]) == [0, 4])
        #expect(try Broadcasting.broadcastShapes([[1, 0], [3, 1]]) == [3, 0])
        #expect(try Broadcasting.broadcastShapes([[0, 4], [0, 1]]) == [0, 4])
        #expect(try Broadcasting.broadcastShapes([[0], [1]]) == [0])
        #expect(throws: NumPyError(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (0,) and arg 1 with shape (2,)."
        )) {
            try Broadcasting.broadcastShapes([[0], [2]])
        }
        #expect(try Broadcasting.operandShape([[8, 1, 6, 1], [7, 1, 5]]) == [8, 7, 6, 5])
    }

    /// notebook.md In[2]: `(a-b).shape` for the six pairs it printed.
    @Test(arguments: [
        ([3, 1], [3, 4], [3, 4]), ([3, 1], [1, 4], [3, 4]), ([3, 1], [3, 1], [3, 1]),
        ([3, 4], [3, 1], [3, 4]), ([3, 4], [1, 4], [3, 4]), ([3, 4], [3, 4], [3, 4]),
    ])
    func notebookTable(a: [Int], b: [Int], expected: [Int]) throws {
        for operation in BinaryOperation.allCases {
            #expect(try ArrayOperation.elementwise(operation).resultShape(a, b) == expected)
        }
        #expect(try Broadcasting.operandShape([a, b]) == expected)
        #expect(try Broadcasting.broadcastShapes([a, b]) == expected)
        let difference = try ArrayOperation.elementwise(.subtract).apply(NDArray(shape: a, repeating: 1), NDArray(shape: b, repeating: 0.5))
        #expect(difference.shape == expected)
        #expect(difference.data.allSatisfy { $0 == 0.5 })
    }
}
