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
        #expect(Self.failure(x: x, y: y) == .empty(shape: x))
    }

    @Test(arguments: [([2, 2], [3]), ([2, 2], [2, 2]), ([2, 2], [1, 2]), ([3, 1], [3, 1, 1]), ([2, 2], []), ([2, 2], [1])])
    func yMustMatchTheRows(x: [Int], y: [Int]) {
        let error = Self.failure(x: x, y: y)
        #expect(error == .yShape(x: x, y: y))
        #expect(error?.description.isEmpty == false)
    }

    @Test func targetsMustBeBetweenZeroAndOne() throws {
        let x = NDArray(shape: [4, 1], data: [1, 2, 3, 4])
        for (targets, index) in [([0, 1, 1.5, 2], 2), ([0, -0.0, .nan, 1], 2), ([-1e-300, 0, 0, 0], 0)] as [([Double], Int)] {
            do throws(TrainingSetError) {
                _ = try TrainingSet(x: x, y: NDArray(shape: [4, 1], data: targets))
                Issue.record("\(targets) should be refused")
            } catch {
                guard case .label(let at, let value) = error else {
                    Issue.record("expected .label, got \(error)")
                    continue
                }
                #expect(at == index && value.bitPattern == targets[index].bitPattern)
            }
        }
        #expect(try TrainingSet(x: x, y: NDArray(shape: [4], data: [0, -0.0, 0.5, 1])).y.count == 4)
    }

    @Test func generateDrawsXThenY() throws {
        var rng = try RandomState(seed: 42)
        let set = TrainingSet.generate(samples: 2, features: 2, using: &rng)
        #expect(set.x.data == [0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366])
        #expect(set.y == [0.15601864044243652, 0.15599452033620265])
    }
}
