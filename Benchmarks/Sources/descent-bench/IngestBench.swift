import Engine
import Foundation
import Wire

/// `ingest`: MB/s of a /train body through the wire decoding `POST /train` uses (`JSONParser.parse`, then `x` and
/// `y` by `NDArrayDecoder` with the default element limit), and the peak memory the first decode adds over the body.
enum IngestBench {
    static func run(_ flags: Flags) throws(BenchError) {
        guard let path = flags.string("file") else { throw .usage("ingest needs --file") }
        let reps = try flags.int("reps", default: 5)
        guard reps > 0 else { throw .usage("--reps must be positive") }
        let body: [UInt8]
        do { body = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch { throw .failed("cannot read \(path): \(error)") }
        // The server's decoders for `x` and `y` (its default --max-train-elements; no body limit: that is the route's).
        let decoders = ["x", "y"].map {
            NDArrayDecoder(member: $0, pointer: "/" + $0, allowNonFinite: false, maxElements: 100_000_000, limitFlag: "max-train-elements")
        }
        var samples: [Double] = []
        var peakExtra: Int?
        var shape: [Int] = []
        for rep in 0..<reps {
            let fresh = rep == 0 && MemoryProbe.resetPeak()
            let before = MemoryProbe.bytes("VmRSS")
            let start = Measure.now()
            let decoded: Result<NDArray, WireError> = body.withUnsafeBytes { bytes in
                Result { () throws(WireError) -> NDArray in
                    let members = try ObjectMembers(try JSONParser.parse(bytes), allowed: ["x", "y", "epochs", "learning_rate", "seed"])
                    guard let x = members.value("x"), let y = members.value("y") else { throw members.missing("x") }
                    _ = try decoders[1].decode(y)
                    return try decoders[0].decode(x)
                }
            }
            let x: NDArray
            do {
                x = try decoded.get()
            } catch {
                throw .failed("decoding failed: \(error.detail)")
            }
            samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            if fresh, let before, let peak = MemoryProbe.bytes("VmHWM") { peakExtra = peak - before }
            shape = x.shape
        }
        let median = Measure.summary(samples).median
        var report = Report("ingest")
        report.add("decoder", "JSONParser.parse + NDArrayDecoder (x, y)")
        report.add("bytes", body.count)
        report.add("n", shape.first ?? 0)
        report.add("d", shape.last ?? 0)
        report.add("reps", reps)
        report.add("ms", samples: samples)
        report.add("mb_per_s", Double(body.count) / 1e6 / (median / 1e3))
        if let peakExtra { report.add("peak_extra_bytes", peakExtra) }
        report.add("matrix_bytes", (shape.first ?? 0) * (shape.last ?? 0) * MemoryLayout<Double>.stride)
        report.print()
    }
}
