import Engine

/// `softmax`: milliseconds per epoch of `ModelTrainer`'s full-batch softmax gradient descent (`gd`, no penalty, no
/// scaling) on seeded data that `models_bench.py softmax` rebuilds bit for bit for its NumPy loop.
///
/// Data, from `RandomState(seed)` in NumPy's order: `W = rand(d,k)`, `b = rand(k)` (the draws of
/// `LinearClassifier.random`), then `x = rand(n,d)`, `u = rand(n)`, `y = floor(u·k)`.
enum SoftmaxBench {
    /// The initial parameters and the training input for `seed`.
    static func problem(
        samples n: Int, features d: Int, classes k: Int, seed: Int, epochs: Int, threads: Int
    ) throws(BenchError) -> (LinearClassifier, TrainingInput) {
        guard n > 0, d > 0, k >= 2 else { throw .usage("--n and --d must be positive, --k at least 2") }
        var rng: RandomState
        do { rng = try RandomState(seed: seed) } catch { throw .usage("bad seed: \(error)") }
        let initial = LinearClassifier.random(kind: .softmax, features: d, classes: k, using: &rng)
        let x = rng.rand([n, d])
        let y = rng.rand([n]).data.map { ($0 * Double(k)).rounded(.down) }
        let plan = TrainingPlan(
            model: .softmax, classes: k, optimizer: OptimizerSettings(.gd), epochs: epochs, learningRate: 0.1, snapshotEvery: 0,
            parallelism: threads)
        do {
            return (initial, try TrainingInput(x: x, y: NDArray(shape: [n], data: y), plan: plan))
        } catch {
            throw .failed("bad input: \(error)")
        }
    }

    static func run(_ flags: Flags) throws(BenchError) {
        let n = try flags.int("n", default: 1_000_000)
        let d = try flags.int("d", default: 32)
        let k = try flags.int("k", default: 10)
        let epochs = try flags.int("epochs", default: 5)
        let reps = try flags.int("reps", default: 3)
        let threads = try flags.int("threads", default: 1)
        let seed = try flags.int("seed", default: 42)
        guard epochs >= 2, reps > 0, threads > 0 else { throw .usage("--epochs ≥ 2, --reps and --threads positive") }
        let (initial, input) = try problem(samples: n, features: d, classes: k, seed: seed, epochs: epochs, threads: threads)
        var samples: [Double] = []
        var loss = Double.nan
        var stamps = [UInt64](repeating: 0, count: epochs)
        for _ in 0..<reps {
            let result: ModelTrainingResult
            do {
                result = try ModelTrainer.train(input, initial: initial, random: RandomState(seed: UInt32(0))) { report in
                    stamps[report.epoch - 1] = Measure.now()
                    return .proceed
                }
            } catch {
                throw .failed("training failed: \(error)")
            }
            // From the end of epoch 1 to the end of the last: the run's set-up and final metrics are left out.
            samples.append(Measure.milliseconds(from: stamps[0], to: stamps[epochs - 1]) / Double(epochs - 1))
            loss = result.lastEpochLoss
        }
        var report = Report("softmax_train")
        report.add("n", n)
        report.add("d", d)
        report.add("k", k)
        report.add("epochs", epochs)
        report.add("reps", reps)
        report.add("threads", threads)
        report.add("seed", seed)
        report.add("ms_per_epoch", samples: samples)
        report.add("last_epoch_loss", loss)
        report.print()
    }
}
