import Engine
import Testing

/// Seeded mini-batch runs (sgd, momentum, adam) and full-batch gd runs of the new trainer give the same bits on 1, 2, 3
/// and 4 threads, and when the thread count changes every epoch. Batches of 9,000 rows split into 3 chunks for logistic (4,096 rows each with d = 8) and 7 for
/// softmax (1,360 rows with d = 8, k = 3), so the threads really share each pass.
@Suite struct ThreadReproducibilityTests {
    static func input(model: ModelKind, optimizer: OptimizerSettings.Name) throws -> TrainingInput {
        var rng = RandomState(seed: UInt32(3))
        let (n, d) = (24_000, 8)
        let x = rng.randn([n, d])
        let y: [Double] = (0..<n).map { row in
            let signal = x.data[row * d] + 0.5 * x.data[row * d + 1] - x.data[row * d + 2]
            return model == .softmax ? (signal < -0.5 ? 0 : signal < 0.5 ? 1 : 2) : (signal > 0 ? 1 : 0)
        }
        let plan = TrainingPlan(
            model: model, l2: 0.01, standardize: true, optimizer: OptimizerSettings(optimizer, batchSize: optimizer == .gd ? nil : 9_000),
            validation: .fraction(0.1), epochs: 3, learningRate: 0.05, snapshotEvery: 1)
        return try TrainingInput(x: x, y: NDArray(shape: [n], data: y), plan: plan)
    }

    static func bits(_ result: ModelTrainingResult) -> [UInt64] {
        (result.model.classifier.weights + result.model.classifier.bias + result.history.flatMap { [$0.loss, $0.valLoss ?? .nan] }
            + [result.metrics.loss]).map(\.bitPattern)
    }

    @Test(arguments: ModelKind.allCases, OptimizerSettings.Name.allCases)
    func threadsDoNotChangeTheBits(model: ModelKind, optimizer: OptimizerSettings.Name) throws {
        let input = try Self.input(model: model, optimizer: optimizer)
        let reference = Self.bits(try ModelTrainer.train(input, seed: 5, threads: EpochThreads { 1 }))
        for threads in 2...4 {
            let result = try ModelTrainer.train(input, seed: 5, threads: EpochThreads { threads })
            #expect(Self.bits(result) == reference, "\(model) \(optimizer) on \(threads) threads")
        }
        var calls = 0
        let changing = EpochThreads {
            calls += 1
            return calls % 4 + 1
        }
        #expect(Self.bits(try ModelTrainer.train(input, seed: 5, threads: changing)) == reference, "changing thread counts")
        #expect(Self.bits(try ModelTrainer.train(input, seed: 6, threads: EpochThreads { 1 })) != reference, "another seed")
    }
}
