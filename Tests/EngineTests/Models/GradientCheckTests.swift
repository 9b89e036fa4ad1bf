@testable import Engine
import Testing

/// The fused pass's gradient (with the optimizer's `λ·w`) against central finite differences of the objective, for
/// every model × penalty × scaling.
@Suite struct GradientCheckTests {
    struct Case: Sendable, CustomStringConvertible {
        let model: ModelKind
        let l2: Double
        let standardize: Bool
        var description: String { "\(model) l2=\(l2) standardize=\(standardize)" }
    }

    static let cases: [Case] = ModelKind.allCases.flatMap { model in
        [0.0, 0.3].flatMap { l2 in [false, true].map { Case(model: model, l2: l2, standardize: $0) } }
    }

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ check: Case) throws {
        let (n, d, k) = (37, 5, check.model == .softmax ? 3 : 1)
        var rng = RandomState(seed: UInt32(11))
        var x = rng.randn([n, d])
        // Shifted and stretched features, so that scaling changes them.
        x = NDArray(shape: [n, d], data: x.data.indices.map { index in x.data[index] * Double(index % d + 1) + Double(index % d) })
        if check.standardize { x = Standardization.fit(x).apply(x) }
        let y: [Double] = (0..<n).map { _ in check.model == .softmax ? Double(Int(rng.nextDouble() * 3)) : rng.nextDouble() }
        let parameters = rng.randn([d * k + k]).data
        let pass = BatchPass(kind: check.model, features: d, outputs: k, maxRows: n)
        let weightCount = d * k

        func objective(_ theta: [Double], gradient: Bool = false) -> Double {
            let loss = x.data.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    theta.withUnsafeBufferPointer { t in
                        pass.run(x: xs.baseAddress!, y: ys.baseAddress!, order: nil, count: n, parameters: t.baseAddress!, withGradient: gradient, threads: 1)
                    }
                }
            }
            let penalty = theta.prefix(weightCount).reduce(0) { $0 + $1 * $1 } * check.l2 / 2
            return loss / Double(n) + penalty
        }

        _ = objective(parameters, gradient: true)
        let analytic = (0..<parameters.count).map { index in
            pass.gradient[index] / Double(n) + (index < weightCount ? check.l2 * parameters[index] : 0)
        }
        let h = 1e-5
        for index in parameters.indices {
            var plus = parameters
            var minus = parameters
            plus[index] += h
            minus[index] -= h
            let numeric = (objective(plus) - objective(minus)) / (2 * h)
            #expect(Compare.within(analytic[index], numeric, 1e-7 * max(1, abs(numeric))),
                    "\(check) ∂/∂θ[\(index)]: analytic \(analytic[index]), numeric \(numeric)")
        }
    }

    /// The optimizer's step uses exactly that gradient: one sgd step on the whole set is `θ − lr·g`.
    @Test func sgdStepUsesTheCheckedGradient() {
        let step = OptimizerStep(OptimizerSettings(.sgd), learningRate: 0.1, l2: 0.5, weightCount: 2)
        var theta = [1.0, -2.0, 3.0]
        var state = OptimizerState()
        let sums = [4.0, 8.0, 12.0]
        sums.withUnsafeBufferPointer { step.apply(to: &theta, state: &state, gradientSum: $0.baseAddress!, rows: 4) }
        #expect(theta == [1.0 - 0.1 * (1.0 + 0.5), -2.0 - 0.1 * (2.0 - 1.0), 3.0 - 0.1 * 3.0])
        #expect(state.steps == 1)
    }
}
