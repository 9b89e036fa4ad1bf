import Engine
import Foundation

/// `digits`: the wall time of descent's standardised softmax fit on the digits fixture's training rows with the
/// settings of the engine's quality test (adam, batch 32, learning rate 0.01, 100 epochs, `l2 = 1/n_train`, seed 0),
/// and its held-out accuracy; `models_bench.py digits` times StandardScaler + LogisticRegression on the same rows.
enum DigitsBench {
    /// The fixture's rows: features, then `label`, then `split` ("train" or "test").
    struct Split {
        var trainX: [Double] = []
        var trainY: [Double] = []
        var testX: [Double] = []
        var testY: [Double] = []
        var features = 0
    }

    static func load(_ path: String) throws(BenchError) -> Split {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .failed("cannot read \(path): \(error)") }
        var lines = text.split(separator: "\n")
        guard !lines.isEmpty else { throw .failed("\(path) is empty") }
        let header = lines.removeFirst().split(separator: ",")
        guard header.count >= 3, header[header.count - 2] == "label", header[header.count - 1] == "split" else {
            throw .failed("\(path): the last columns must be label, split")
        }
        var split = Split()
        split.features = header.count - 2
        for line in lines {
            let cells = line.split(separator: ",")
            guard cells.count == header.count, let label = Double(cells[split.features]) else { throw .failed("bad row: \(line)") }
            let row = try cells[0..<split.features].map { cell throws(BenchError) -> Double in
                guard let value = Double(cell) else { throw .failed("bad number \(cell)") }
                return value
            }
            if cells[split.features + 1] == "train" {
                split.trainX += row
                split.trainY.append(label)
            } else {
                split.testX += row
                split.testY.append(label)
            }
        }
        return split
    }

    static func run(_ flags: Flags) throws(BenchError) {
        guard let path = flags.string("file") else { throw .usage("digits needs --file") }
        let reps = try flags.int("reps", default: 5)
        let epochs = try flags.int("epochs", default: 100)
        let threads = try flags.int("threads", default: 1)
        guard reps > 0, epochs > 0, threads > 0 else { throw .usage("--reps, --epochs and --threads must be positive") }
        let data = try load(path)
        let d = data.features
        let trainRows = data.trainY.count
        let trainX = NDArray(shape: [trainRows, d], data: data.trainX)
        let testX = NDArray(shape: [data.testY.count, d], data: data.testX)
        let labels = NDArray(shape: [trainRows], data: data.trainY)
        let full = try fit(trainX, labels, plan: plan(epochs: epochs, rows: trainRows, threads: threads), testX, data.testY, reps: reps)
        var report = Report("digits_fit")
        report.add("fit", "standardize + softmax, adam batch 32, lr 0.01, l2 1/n_train, seed 0")
        report.add("n_train", trainRows)
        report.add("n_test", data.testY.count)
        report.add("d", d)
        report.add("epochs", epochs)
        report.add("reps", reps)
        report.add("threads", threads)
        report.add("fit_ms", samples: full.ms)
        report.add("test_accuracy", Double(data.testY.count - full.wrong) / Double(data.testY.count))
        report.add("test_wrong", full.wrong)
        report.print()

        // The same fit stopped after fewer epochs (adam has no schedule: the first e epochs of the full run), to find
        // the fewest that reach a given held-out accuracy.
        let sweep = (flags.string("sweep") ?? "").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        guard !sweep.isEmpty else { return }
        var times: [Double] = []
        var wrongs: [Int] = []
        for e in sweep {
            let point = try fit(trainX, labels, plan: plan(epochs: e, rows: trainRows, threads: threads), testX, data.testY, reps: reps)
            times.append(Measure.summary(point.ms).median)
            wrongs.append(point.wrong)
        }
        var line = Report("digits_fit_sweep")
        line.add("reps", reps)
        line.add("epochs", ints: sweep)
        line.add("fit_ms_median", doubles: times)
        line.add("test_wrong", ints: wrongs)
        line.print()
    }

    /// The quality test's plan with `epochs` epochs.
    static func plan(epochs: Int, rows: Int, threads: Int) -> TrainingPlan {
        TrainingPlan(
            model: .softmax, l2: 1 / Double(rows), standardize: true, optimizer: OptimizerSettings(.adam, batchSize: 32),
            epochs: epochs, learningRate: 0.01, snapshotEvery: 0, parallelism: threads)
    }

    /// `reps` fits from seed 0 (each timed from the input check to the fitted model), and the held-out rows it gets wrong.
    static func fit(
        _ x: NDArray, _ y: NDArray, plan: TrainingPlan, _ testX: NDArray, _ testY: [Double], reps: Int
    ) throws(BenchError) -> (ms: [Double], wrong: Int) {
        var samples: [Double] = []
        var wrong = 0
        for _ in 0..<reps {
            let start = Measure.now()
            let result: ModelTrainingResult
            do {
                result = try ModelTrainer.train(try TrainingInput(x: x, y: y, plan: plan), seed: 0)
            } catch {
                throw .failed("training failed: \(error)")
            }
            samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            wrong = zip(result.model.labels(testX), testY).filter { Double($0) != $1 }.count
        }
        return (samples, wrong)
    }
}
