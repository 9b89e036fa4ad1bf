@testable import Engine
import Testing

@Suite struct PairedOdometerTests {
    /// A (2,3) walk where the first operand is broadcast along axis 0 (stride 0) and the second is C-order.
    @Test func offsetsFollowTheStridesInCOrder() {
        var walk = PairedOdometer(shape: [2, 3], stridesA: [0, 1], stridesB: [3, 1])
        var visited: [[Int]] = []
        for _ in 0..<7 {
            visited.append([walk.offsetA, walk.offsetB])
            walk.advance()
        }
        #expect(visited == [[0, 0], [1, 1], [2, 2], [0, 3], [1, 4], [2, 5], [0, 0]], "after the last position it wraps to 0")
    }

    @Test func noAxesStayAtZero() {
        var walk = PairedOdometer(shape: [], stridesA: [], stridesB: [])
        walk.advance()
        #expect(walk.offsetA == 0 && walk.offsetB == 0)
    }
}
