import Foundation

/// One optimizer step on flat parameters (`W` row-major, then `b`) from a batch's summed gradient.
struct OptimizerStep {
    let name: OptimizerSettings.Name
    let learningRate: Double
    let l2: Double
    /// The parameters the penalty applies to: the first `weightCount` (all of `W`, not `b`).
    let weightCount: Int
    let beta1: Double
    let beta2: Double
    let eps: Double
    let momentum: Double

    init(_ settings: OptimizerSettings, learningRate: Double, l2: Double, weightCount: Int) {
        self.name = settings.name
        self.learningRate = learningRate
        self.l2 = l2
        self.weightCount = weightCount
        self.beta1 = settings.beta1 ?? 0.9
        self.beta2 = settings.beta2 ?? 0.999
        self.eps = settings.eps ?? 1e-8
        self.momentum = settings.momentum ?? 0.9
    }

    /// `g = Σgrad/m + λ·w` (λ·w only for `W`), then the update of `name`.
    func apply(
        to parameters: inout [Double], state: inout OptimizerState, gradientSum: UnsafePointer<Double>, rows: Int
    ) {
        let m = Double(rows)
        let lr = learningRate
        let l2 = l2
        let weightCount = weightCount
        state.steps += 1
        @inline(__always)
        func gradient(_ theta: UnsafeMutableBufferPointer<Double>, _ index: Int) -> Double {
            let mean = gradientSum[index] / m
            return l2 != 0 && index < weightCount ? mean + l2 * theta[index] : mean
        }
        switch name {
        case .gd, .sgd:
            parameters.withUnsafeMutableBufferPointer { theta in
                for index in theta.indices { theta[index] -= lr * gradient(theta, index) }
            }
        case .momentum:
            let mu = momentum
            parameters.withUnsafeMutableBufferPointer { theta in
                state.first.withUnsafeMutableBufferPointer { velocity in
                    for index in theta.indices {
                        velocity[index] = mu * velocity[index] - lr * gradient(theta, index)
                        theta[index] += velocity[index]
                    }
                }
            }
        case .adam:
            let (beta1, beta2, eps) = (beta1, beta2, eps)
            let correction1 = 1 - Foundation.pow(beta1, Double(state.steps))
            let correction2 = 1 - Foundation.pow(beta2, Double(state.steps))
            parameters.withUnsafeMutableBufferPointer { theta in
                state.first.withUnsafeMutableBufferPointer { first in
                    state.second.withUnsafeMutableBufferPointer { second in
                        for index in theta.indices {
                            let g = gradient(theta, index)
                            first[index] = beta1 * first[index] + (1 - beta1) * g
                            second[index] = beta2 * second[index] + (1 - beta2) * (g * g)
                            let corrected1 = first[index] / correction1
                            let corrected2 = second[index] / correction2
                            theta[index] -= lr * corrected1 / (corrected2.squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
