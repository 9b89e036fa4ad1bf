import Engine
import Testing

/// `NDArray` construction and `elementCount(of:)`.
@Suite struct NDArrayTests {
    @Test(arguments: [
        ([Int](), 1), ([0], 0), ([3, 4], 12), ([3, 0, 5], 0), ([0, Int.max], 0), ([Int.max, 0, Int.max], 0),
        ([1 << 31, 1 << 31], 1 << 62), ([Int.max], Int.max), ([1, 1, 1, 1, 1], 1),
    ])
    func countsElements(shape: [Int], expected: Int) {
        #expect(NDArray.elementCount(of: shape) == expected)
    }

    @Test(arguments: [[-1], [2, -3], [0, -1], [-1, 0], [Int.max, 2], [1 << 32, 1 << 31], [Int.min], [4, 4, 1 << 60]])
    func rejectsNegativeOrOverflowingShapes(shape: [Int]) {
        #expect(NDArray.elementCount(of: shape) == nil)
    }

    @Test func initialisers() {
        let scalar = NDArray(scalar: 2.5)
        #expect(scalar.shape == [] && scalar.data == [2.5] && scalar.ndim == 0 && scalar.count == 1)
        let filled = NDArray(shape: [2, 0, 3], repeating: 1)
        #expect(filled.count == 0 && filled.ndim == 3)
        let matrix = NDArray(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(matrix.count == 6 && matrix.ndim == 2)
    }
}
