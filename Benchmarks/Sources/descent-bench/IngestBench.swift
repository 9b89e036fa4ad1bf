import Foundation

#if DESCENT_BENCH_WIRE
import Engine
@testable import Server
#endif

/// `ingest`: MB/s of a /train body through the server's real decoding path, `JSONParser.parse` then
/// `TrainRequest(json:limits:)`, and the peak memory the first decode adds over the resident body.
///
/// The Server module's wire types are internal, so scripts/bench builds this package with `-enable-testing` and
/// defines `DESCENT_BENCH_WIRE` when the tree has them; without it this reports "not measured".
enum IngestBench {
    static func run(_ flags: Flags) throws(BenchError) {
        #if DESCENT_BENCH_WIRE
        guard let path = flags.string("file") else { throw .usage("ingest needs --file") }
        let reps = try flags.int("reps", default: 5)
        guard reps > 0 else { throw .usage("--reps must be positive") }
        let body: [UInt8]
        do { body = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch { throw .failed("cannot read \(path): \(error)") }
        // The bench passes its own body, so only the element limit matters; the HTTP body limit is the route's.
        let limits = Limits(maxBodyBytes: Int.max, maxTrainElements: 100_000_000)
        var samples: [Double] = []
        var peakExtra: Int?
        var shape: [Int] = []
        for rep in 0..<reps {
            let fresh = rep == 0 && MemoryProbe.resetPeak()
            let before = MemoryProbe.bytes("VmRSS")
            let start = Measure.now()
            let request: TrainRequest
            do {
                request = try body.withUnsafeBytes { bytes throws(Problem) in
                    try TrainRequest(json: try JSONParser.parse(bytes), limits: limits)
                }
            } catch {
                throw .failed("decoding failed: \(error)")
            }
            samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            if fresh, let before, let peak = MemoryProbe.bytes("VmHWM") { peakExtra = peak - before }
            guard case .given(let set) = request.data else { throw .failed("the body did not decode to given x and y") }
            shape = set.x.shape
        }
        let median = Measure.summary(samples).median
        var report = Report("ingest")
        report.add("decoder", "JSONParser.parse + TrainRequest(json:limits:)")
        report.add("bytes", body.count)
        report.add("n", shape.first ?? 0)
        report.add("d", shape.last ?? 0)
        report.add("reps", reps)
        report.add("ms", samples: samples)
        report.add("mb_per_s", Double(body.count) / 1e6 / (median / 1e3))
        if let peakExtra { report.add("peak_extra_bytes", peakExtra) }
        report.add("matrix_bytes", (shape.first ?? 0) * (shape.last ?? 0) * MemoryLayout<Double>.stride)
        report.print()
        #else
        var report = Report("ingest")
        report.add("not_measured", "this tree has no Server wire decoding (JSONParser + TrainRequest) yet")
        report.print()
        #endif
    }
}
