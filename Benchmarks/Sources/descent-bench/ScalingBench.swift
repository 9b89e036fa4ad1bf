import Engine

/// `scaling`: ms per epoch over n = 10^3…10^7 at d = 32 and d = 2…512 at n = 10^5, with the cost per element
/// of x, which stays flat when an epoch's cost is linear in n·d.
enum ScalingBench {
    /// Elements of x one repetition should process (≈ 0.1–0.3 s), so each point takes about the same time.
    static let elementsPerRep = 256_000_000

    static func run(_ flags: Flags) throws(BenchError) {
        let threads = try flags.int("threads", default: 1)
        let reps = try flags.int("reps", default: 5)
        let quick = flags.has("quick")
        let ns = quick ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
        let ds = quick ? [2, 8, 32, 128] : [2, 4, 8, 16, 32, 64, 128, 256, 512]
        let budget = quick ? elementsPerRep / 8 : elementsPerRep
        var points = ns.map { (sweep: "n", n: $0, d: 32) }
        points += ds.map { (sweep: "d", n: 100_000, d: $0) }
        for point in points {
            let elements = point.n * point.d
            let epochs = min(100_000, max(3, budget / elements))
            let (model, set) = try TrainBench.problem(samples: point.n, features: point.d, seed: 42)
            let measured = try TrainBench.measure(model: model, set: set, epochs: epochs, reps: reps, threads: threads)
            let median = Measure.summary(measured.msPerEpoch).median
            var report = Report("scaling")
            report.add("sweep", point.sweep)
            report.add("n", point.n)
            report.add("d", point.d)
            report.add("epochs", epochs)
            report.add("reps", reps)
            report.add("threads", threads)
            report.add("ms_per_epoch", samples: measured.msPerEpoch)
            report.add("ns_per_element", median * 1e6 / Double(elements))
            report.print()
        }
    }
}
