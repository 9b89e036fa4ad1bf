import Engine
import Testing

/// What `TrainingSet` accepts: x (n,d) with n,d ≥ 1 and y (n) or (n,1).
@Suite struct TrainingSetTests {
    static func failure(x: [Int], y: [Int]) -> TrainingSetError? {
        do throws(TrainingSetError) {
            _ = try TrainingSet(x: NDArray(shape: x, repeating: 0.5), y: NDArray(shape: y, repeating: 1))
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsColumnAndFlatTargets() throws {
        let x = NDArray(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let flat = try TrainingSet(x: x, y: NDArray(shape: [2], data: [0, 1]))
        let column = try TrainingSet(x: x, y: NDArray(shape: [2, 1], data: [0, 1]))
        #expect(flat.y == [0, 1] && column.y == [0, 1])
        #expect(flat.samples == 2 && flat.features == 3)
        #expect(flat.x == x)
    }

    @Test(arguments: [[3], [], [1, 2, 1], [2, 2, 2, 2]])
    func xMustBeAMatrix(shape: [Int]) {
        #expect(Self.failure(x: shape, y: [1]) == .xNotMatrix(shape: shape))
    }

    @Test(arguments: [([0, 2], [0]), ([2, 0], [2]), ([0, 0], [0])])
    func xMustNotBeEmpty(x: [Int], y: [Int]) {
        #expect(Self.failure(x: x, y: y) == .empty)
    }

    @Test(arguments: [([2, 2], [3]), ([2, 2], [2, 2]), ([2, 2], [1, 2]), ([3, 1], [3, 1, 1]), ([2, 2], []), ([2, 2], [1])])
    func yMustMatchTheRows(x: [Int], y: [Int]) {
        let error = Self.failure(x: x, y: y)
        #expect(error == .yShape(x: x, y: y))
        #expect(error?.description.isEmpty == false)
    }

    @Test func generateDrawsXThenY() throws {
        var rng = try RandomState(seed: 42)
        let set = TrainingSet.generate(samples: 2, features: 2, using: &rng)
        #expect(set.x.data == [0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366])
        #expect(set.y == [0.15601864044243652, 0.15599452033620265])
    }
}
