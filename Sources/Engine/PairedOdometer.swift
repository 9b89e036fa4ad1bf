/// A C-order walk over the outer axes of a result, keeping the element offset of two strided operands.
///
/// The elementwise ufuncs walk every axis but the innermost; batched `matmul` walks its batch axes. Each step
/// advances the last axis and carries into earlier ones like an odometer, so the offsets follow the operands'
/// strides (0 on broadcast axes) without a division per step.
struct PairedOdometer {
    private let shape: [Int]
    private let stridesA: [Int]
    private let stridesB: [Int]
    private var index: [Int]
    /// The current element offset into the first operand.
    private(set) var offsetA = 0
    /// The current element offset into the second operand.
    private(set) var offsetB = 0

    /// A walk over `shape` (the axes to step through) with one stride per axis for each operand.
    init(shape: [Int], stridesA: [Int], stridesB: [Int]) {
        precondition(shape.count == stridesA.count && shape.count == stridesB.count, "one stride per axis")
        self.shape = shape
        self.stridesA = stridesA
        self.stridesB = stridesB
        self.index = [Int](repeating: 0, count: shape.count)
    }

    /// Moves to the next position in C order; after the last one the offsets wrap to 0.
    @inline(__always)
    mutating func advance() {
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            offsetA += stridesA[axis]
            offsetB += stridesB[axis]
            if index[axis] < shape[axis] { return }
            offsetA -= stridesA[axis] * shape[axis]
            offsetB -= stridesB[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}
