import Engine

/// `train`: milliseconds per epoch of the engine's `GradientDescent.train` on the notebook's data, with the exact
/// kernel or (`--precision fast`) the fast one.
///
/// The data are the API's seeded run: `w = rand(d,1)`, `b = rand(1,1)`, then `x = rand(n,d)`, `y = rand(n,1)`
/// from `RandomState(seed)`, bit-identical to NumPy's `np.random.seed(seed)` draws, so the NumPy loop in
/// scripts/bench trains on the same numbers and must reach the same loss.
enum TrainBench {
    /// The notebook's model and data for `seed`.
    static func problem(samples: Int, features: Int, seed: Int) throws(BenchError) -> (LogisticModel, TrainingSet) {
        guard samples > 0, features > 0 else { throw .usage("--n and --d must be positive") }
        var rng: RandomState
        do { rng = try RandomState(seed: seed) } catch { throw .usage("bad seed: \(error)") }
        let model = LogisticModel.random(features: features, using: &rng)
        let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
        return (model, set)
    }

    /// One measurement: per repetition, a full `train` run of `epochs` epochs; its figure is the time from
    /// the end of epoch 1 to the end of the last epoch divided by `epochs − 1` (so the one-off set-up and the
    /// final evaluation are left out). With one epoch, the whole run is timed.
    ///
    /// With `floor`, each repetition first times one streaming read of x on the same threads (see
    /// ``StreamBench``), so the epoch and its memory floor are measured side by side under the same load.
    static func measure(
        model: LogisticModel, set: TrainingSet, epochs: Int, reps: Int, threads: Int, precision: Precision = .exact, floor: Bool = false
    ) throws(BenchError) -> (msPerEpoch: [Double], floorMs: [Double], loss: Double, bias: Double) {
        guard epochs > 0, reps > 0, threads > 0 else { throw .usage("--epochs, --reps and --threads must be positive") }
        let options = TrainingOptions(epochs: epochs, learningRate: 0.01, snapshotEvery: 0, parallelism: threads, precision: precision)
        var samples: [Double] = []
        var floorSamples: [Double] = []
        var loss = Double.nan
        var bias = Double.nan
        var stamps = [UInt64](repeating: 0, count: epochs)
        for _ in 0..<reps {
            if floor { floorSamples += StreamBench.measure(set.x.data, reps: 1, threads: threads).ms }
            let start = Measure.now()
            let result: TrainingResult
            do {
                result = try GradientDescent.train(set, initial: model, options: options) { report in
                    stamps[report.epoch - 1] = Measure.now()
                    return .proceed
                }
            } catch {
                throw .failed("training failed: \(error)")
            }
            if epochs >= 2 {
                samples.append(Measure.milliseconds(from: stamps[0], to: stamps[epochs - 1]) / Double(epochs - 1))
            } else {
                samples.append(Measure.milliseconds(from: start, to: stamps[0]))
            }
            loss = result.lastEpochLoss
            bias = result.model.bias
        }
        return (samples, floorSamples, loss, bias)
    }

    static func run(_ flags: Flags) throws(BenchError) {
        let n = try flags.int("n", default: 1_000_000)
        let d = try flags.int("d", default: 32)
        let epochs = try flags.int("epochs", default: 10)
        let reps = try flags.int("reps", default: 5)
        let threads = try flags.int("threads", default: 1)
        let seed = try flags.int("seed", default: 42)
        let precisionName = flags.string("precision") ?? Precision.exact.rawValue
        guard let precision = Precision(rawValue: precisionName) else { throw .usage("--precision is exact or fast, got \(precisionName)") }
        let (model, set) = try problem(samples: n, features: d, seed: seed)
        // Memory the runs add on top of x and y (held once; an epoch must not copy them).
        let tracked = MemoryProbe.resetPeak()
        let before = MemoryProbe.bytes("VmRSS")
        let measured = try measure(model: model, set: set, epochs: epochs, reps: reps, threads: threads, precision: precision, floor: true)
        let peak = MemoryProbe.bytes("VmHWM")
        var report = Report("train")
        report.add("n", n)
        report.add("d", d)
        report.add("epochs", epochs)
        report.add("reps", reps)
        report.add("threads", threads)
        report.add("seed", seed)
        report.add("precision", precision.rawValue)
        // The fast kernel's vector unit (the widest this CPU has); the exact kernel is Swift SIMD, whatever the CPU.
        report.add("vector", precision == .fast ? FastKernel.widest.description : "swift")
        report.add("ms_per_epoch", samples: measured.msPerEpoch)
        report.add("ns_per_element", Measure.summary(measured.msPerEpoch).median * 1e6 / Double(n * d))
        // The streaming read of x timed just before each repetition, on the same threads.
        report.add("floor_ms", samples: measured.floorMs)
        // The same epochs on a copy of the problem small enough to stay in cache (x of 8 MiB, in L3), per row
        // scaled up to n: what the epoch's arithmetic costs when there is no memory traffic to wait for.
        let cachedRows = max(1, (1 << 20) / d)
        let (cachedModel, cachedSet) = try problem(samples: cachedRows, features: d, seed: seed)
        let cachedEpochs = max(2, 50_000_000 / (cachedRows * d))
        let cached = try measure(
            model: cachedModel, set: cachedSet, epochs: cachedEpochs, reps: reps, threads: threads, precision: precision)
        report.add("cached_n", cachedRows)
        report.add("cached_epochs", cachedEpochs)
        report.add("cached_ms_per_epoch", samples: cached.msPerEpoch.map { $0 * Double(n) / Double(cachedRows) })
        report.add("last_epoch_loss", measured.loss)
        report.add("final_bias", measured.bias)
        report.add("x_bytes", n * d * MemoryLayout<Double>.stride)
        if tracked, let before, let peak { report.add("train_peak_extra_bytes", peak - before) }
        report.print()
    }
}
