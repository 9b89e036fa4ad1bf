// TEMPORARY: the engine's public surface with placeholder bodies, so the server can compile against
// it while the engine is written. Replaced file by file; deleted before anything lands.
import Foundation

/// NumPy's binary elementwise ufuncs over float64.
public enum BinaryOperation: String, Sendable, CaseIterable {
    case add, subtract, multiply, divide, power, maximum, minimum
    public func callAsFunction(_ a: Double, _ b: Double) -> Double { fatalError() }
}

/// An operation `/broadcast` can apply to two arrays.
public enum ArrayOperation: Sendable, Hashable {
    case elementwise(BinaryOperation)
    case matmul
    case dot
    /// Accepts the canonical names (`add` … `dot`) and the symbols `+ - * / ** @`.
    public init?(_ name: String) { fatalError() }
    /// The canonical name (`"add"`, …, `"matmul"`, `"dot"`).
    public var name: String { fatalError() }
    /// Every accepted spelling, names first, then symbols.
    public static var allNames: [String] { fatalError() }
    /// The shape `apply` would produce, or NumPy's error; allocates nothing proportional to the arrays.
    public func resultShape(_ a: [Int], _ b: [Int]) throws(NumPyError) -> [Int] { fatalError() }
    public func apply(_ a: NDArray, _ b: NDArray) throws(NumPyError) -> NDArray { fatalError() }
}

public enum Broadcasting {
    /// `np.broadcast_shapes(*shapes)`, with its "shape mismatch: …" wording.
    public static func broadcastShapes(_ shapes: [[Int]]) throws(NumPyError) -> [Int] { fatalError() }
    /// The shape elementwise ufuncs broadcast to, with their "operands could not be broadcast …" wording.
    public static func operandShape(_ shapes: [[Int]]) throws(NumPyError) -> [Int] { fatalError() }
}

/// NumPy's legacy `RandomState` (MT19937 seeded by init_genrand).
public struct RandomState: Sendable {
    public static let maxSeed = 4_294_967_295
    public init(seed: UInt32) { fatalError() }
    /// Throws NumPy's "Seed must be between 0 and 2**32 - 1" outside that range.
    public init(seed: Int) throws(NumPyError) { fatalError() }
    public mutating func nextUInt32() -> UInt32 { fatalError() }
    public mutating func nextDouble() -> Double { fatalError() }
    public mutating func nextGaussian() -> Double { fatalError() }
    public mutating func rand(_ shape: [Int]) -> NDArray { fatalError() }
    public mutating func randn(_ shape: [Int]) -> NDArray { fatalError() }
}

/// Logistic regression parameters: `w` of shape (d,1) and `b` of shape (1,1).
public struct LogisticModel: Sendable, Equatable {
    public var weights: [Double]
    public var bias: Double
    public init(weights: [Double], bias: Double) { self.weights = weights; self.bias = bias }
    public var features: Int { weights.count }
    /// The notebook's initialisation: `w = rand(d,1)` then `b = rand(1,1)`.
    public static func random(features: Int, using rng: inout RandomState) -> LogisticModel { fatalError() }
    /// `σ(xw + b)` for `x` of shape (n,d) or (d,). Precondition: last axis == features.
    public func probabilities(_ x: NDArray) -> [Double] { fatalError() }
}

/// Why data cannot be trained on.
public enum TrainingSetError: Error, Equatable, CustomStringConvertible {
    case xNotMatrix(shape: [Int])
    case empty
    case yShape(x: [Int], y: [Int])
    public var description: String { fatalError() }
}

/// A training set: `x` (n,d) and `n` targets.
public struct TrainingSet: Sendable {
    public let x: NDArray
    public let y: [Double]
    public var samples: Int { x.shape[0] }
    public var features: Int { x.shape[1] }
    /// `x` must be (n,d) with n,d ≥ 1; `y` (n) or (n,1).
    public init(x: NDArray, y: NDArray) throws(TrainingSetError) { fatalError() }
    /// `x = rand(n,d)` then `y = rand(n,1)` from `rng`.
    public static func generate(samples: Int, features: Int, using rng: inout RandomState) -> TrainingSet { fatalError() }
}

public struct TrainingOptions: Sendable, Equatable {
    public var epochs: Int
    public var learningRate: Double
    public var snapshotEvery: Int
    /// Threads used for large n; results are identical whatever this is.
    public var parallelism: Int
    public init(epochs: Int = 100, learningRate: Double = 0.01, snapshotEvery: Int = 10, parallelism: Int = 1) {
        self.epochs = epochs; self.learningRate = learningRate; self.snapshotEvery = snapshotEvery; self.parallelism = parallelism
    }
}

/// Parameters and loss recorded at an epoch, before that epoch's update.
public struct Snapshot: Sendable, Equatable {
    public let epoch: Int
    public let loss: Double
    public let weights: [Double]
    public let bias: Double
}

/// What the engine reports after each epoch.
public struct EpochReport: Sendable {
    public let epoch: Int
    public let loss: Double
    public let snapshot: Snapshot?
}

public enum TrainingControl: Sendable { case proceed, stop }

public struct Evaluation: Sendable, Equatable {
    public let loss: Double
    public let accuracy: Double
}

public struct TrainingResult: Sendable {
    public let model: LogisticModel
    public let history: [Snapshot]
    public let lastEpochLoss: Double
    public let evaluation: Evaluation
}

public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case cancelled(afterEpochs: Int)
    case nonFinite(epoch: Int)
    public var description: String { fatalError() }
}

public enum GradientDescent {
    public static func train(
        _ set: TrainingSet, initial: LogisticModel, options: TrainingOptions,
        onEpoch: (EpochReport) -> TrainingControl = { _ in .proceed }
    ) throws(TrainingError) -> TrainingResult { fatalError() }
    public static func evaluate(_ model: LogisticModel, on set: TrainingSet) -> Evaluation { fatalError() }
}
