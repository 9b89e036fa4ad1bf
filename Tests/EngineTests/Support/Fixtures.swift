import Engine
import Foundation

/// Decodes the JSON fixtures written by `scripts/make-engine-fixtures.py` (numpy 2.4.6).
enum Fixtures {
    /// Why a fixture could not be read.
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name).json is not in the test bundle" }
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw Missing(name: name)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func broadcasting() throws -> BroadcastFixture { try load("broadcasting") }
    static func arrays() throws -> ArrayFixture { try load("arrays") }
    static func notebook() throws -> NotebookFixture { try load("notebook") }
}

/// A float64 stored as Python's `repr(float)` ("0.1", "-0.0", "inf", "nan"), decoded bit-exactly.
struct FixtureDouble: Decodable, Sendable {
    let value: Double

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Double(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a double: \(text)"))
        }
        self.value = value
    }
}

/// An array as shape plus C-order data.
struct FixtureArray: Decodable, Sendable {
    let shape: [Int]
    let data: [FixtureDouble]

    var values: [Double] { data.map(\.value) }
    var ndarray: NDArray { NDArray(shape: shape, data: values) }
}

// MARK: broadcasting.json

/// Either NumPy's result shape or its exact error text.
struct ShapeOutcome: Decodable, Sendable {
    let shape: [Int]?
    let error: String?
}

/// One list of shapes with the outcome under both wordings.
struct BroadcastCase: Decodable, Sendable {
    /// The operands' shapes.
    let shapes: [[Int]]
    /// `np.broadcast_shapes(*shapes)`.
    let broadcastShapes: ShapeOutcome
    /// `np.add` for pairs, `np.nditer` (the same ufunc wording) for other counts.
    let ufunc: ShapeOutcome
}

struct BroadcastFixture: Decodable, Sendable {
    let numpy: String
    let cases: [BroadcastCase]
}

// MARK: arrays.json

/// `op(a, b)` in numpy: the result array or the exact error text.
struct ArrayCase: Decodable, Sendable {
    let op: String
    let a: FixtureArray
    let b: FixtureArray
    let result: FixtureArray?
    let error: String?
    /// Set when numpy's `power` disagreed with C `pow` on some element (never, for the committed fixture).
    let libmPowerDiffers: Bool?

    var label: String { "\(op) \(a.shape) \(b.shape)" }
}

struct ArrayFixture: Decodable, Sendable {
    let numpy: String
    let cases: [ArrayCase]

    var elementwise: [ArrayCase] { cases.filter { $0.op != "matmul" && $0.op != "dot" } }
    var linear: [ArrayCase] { cases.filter { $0.op == "matmul" || $0.op == "dot" } }
}

// MARK: notebook.json

/// Parameters the notebook prints at an epoch (before that epoch's update) and that epoch's mean BCE.
struct NotebookSnapshot: Decodable, Sendable {
    let epoch: Int
    let weights: [FixtureDouble]
    let bias: FixtureDouble
    let loss: FixtureDouble
    /// `str(w)` of the (d,1) array.
    let weightsString: String
    /// `str(b)` of the (1,1) array.
    let biasString: String
    /// The line `print(self.w, self.b)` writes.
    let printed: String
    let weightsFixed: [String]
    let biasFixed: String
}

/// The model after the last update, evaluated on the training set.
struct NotebookFinal: Decodable, Sendable {
    let weights: [FixtureDouble]
    let bias: FixtureDouble
    let loss: FixtureDouble
    let accuracy: FixtureDouble
    let weightsString: String
    let biasString: String
    let weightsFixed: [String]
    let biasFixed: String
}

/// One numpy training run of the notebook's `LR.train`.
struct NotebookRun: Decodable, Sendable {
    let seed: Int?
    let samples: Int
    let features: Int
    let epochs: Int
    let learningRate: FixtureDouble
    let snapshotEvery: Int
    let initialWeights: [FixtureDouble]
    let initialBias: FixtureDouble
    let x: FixtureArray
    let y: [FixtureDouble]
    let snapshots: [NotebookSnapshot]
    /// The mean BCE of every epoch's forward pass, epoch 1 first.
    let epochLosses: [FixtureDouble]
    let final: NotebookFinal

    var initialModel: LogisticModel { LogisticModel(weights: initialWeights.map(\.value), bias: initialBias.value) }
    var options: TrainingOptions { TrainingOptions(epochs: epochs, learningRate: learningRate.value, snapshotEvery: snapshotEvery) }

    func trainingSet() throws -> TrainingSet {
        try TrainingSet(x: x.ndarray, y: NDArray(shape: [samples, 1], data: y.map(\.value)))
    }
}

/// The notebook's `np.dot(w1, w2)` of a (1,100) and a (100,1) array.
struct NotebookDot: Decodable, Sendable {
    let seed: Int
    let a: FixtureArray
    let b: FixtureArray
    let result: FixtureArray
}

struct NotebookFixture: Decodable, Sendable {
    let numpy: String
    let run: NotebookRun
    let oneRow: NotebookRun
    let dot: NotebookDot
}
