import Engine

/// What the engine itself computes for a `generate` run, to hold the server's answers against.
enum EngineReference {
    static func generatedRun(
        seed: UInt32, samples: Int, features: Int, epochs: Int, learningRate: Double, snapshotEvery: Int, precision: Precision = .exact
    ) throws -> (set: TrainingSet, result: TrainingResult) {
        var rng = RandomState(seed: seed)
        let initial = LogisticModel.random(features: features, using: &rng)
        let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
        let options = TrainingOptions(
            epochs: epochs, learningRate: learningRate, snapshotEvery: snapshotEvery, parallelism: 1, precision: precision)
        return (set, try GradientDescent.train(set, initial: initial, options: options))
    }
}
