import Foundation

/// `ingest-foundation`: the same /train body through Foundation's `JSONDecoder` into `[[Double]]`, then one
/// flat buffer — the straightforward Swift route the server's own parser replaces, for reference.
enum FoundationIngestBench {
    /// The body's arrays as `Decodable`.
    private struct Body: Decodable {
        let x: [[Double]]
        let y: [Double]
    }

    static func run(_ flags: Flags) throws(BenchError) {
        guard let path = flags.string("file") else { throw .usage("ingest-foundation needs --file") }
        let reps = try flags.int("reps", default: 5)
        guard reps > 0 else { throw .usage("--reps must be positive") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .failed("cannot read \(path): \(error)") }
        var samples: [Double] = []
        var peakExtra: Int?
        var shape = (0, 0)
        for rep in 0..<reps {
            let fresh = rep == 0 && MemoryProbe.resetPeak()
            let before = MemoryProbe.bytes("VmRSS")
            let start = Measure.now()
            let body: Body
            do { body = try JSONDecoder().decode(Body.self, from: data) } catch { throw .failed("JSONDecoder: \(error)") }
            let flat = body.x.flatMap { $0 }
            samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            if fresh, let before, let peak = MemoryProbe.bytes("VmHWM") { peakExtra = peak - before }
            shape = (body.x.count, flat.count / max(body.x.count, 1))
        }
        var report = Report("ingest_foundation")
        report.add("decoder", "Foundation JSONDecoder → [[Double]] → flat")
        report.add("bytes", data.count)
        report.add("n", shape.0)
        report.add("d", shape.1)
        report.add("reps", reps)
        report.add("ms", samples: samples)
        report.add("mb_per_s", Double(data.count) / 1e6 / (Measure.summary(samples).median / 1e3))
        if let peakExtra { report.add("peak_extra_bytes", peakExtra) }
        report.add("matrix_bytes", shape.0 * shape.1 * MemoryLayout<Double>.stride)
        report.print()
    }
}
