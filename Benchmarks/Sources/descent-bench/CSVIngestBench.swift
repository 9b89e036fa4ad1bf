#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engine
import Foundation
import Wire

/// `csv-ingest`: MB/s of a CSV /train body through `CSVReader` (fed in chunks as a request body arrives, then split
/// into x and y by the label column), and, side by side in the same process, the same numbers as a JSON /train body
/// (`{"x": n×d nested, "y": n}`, written in the same shortest digits) through `JSONParser.parse` + `NDArrayDecoder`.
///
/// Besides wall time it reports the thread's CPU time (`cpu_ms`): every reader here runs on one thread, and on a shared
/// machine CPU time is what compares them fairly (wall time also counts the time other processes held the core).
enum CSVIngestBench {
    /// This thread's CPU time in milliseconds.
    static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
    }

    static func run(_ flags: Flags) throws(BenchError) {
        guard let path = flags.string("file") else { throw .usage("csv-ingest needs --file") }
        let reps = try flags.int("reps", default: 5)
        let chunk = try flags.int("chunk", default: 64 * 1024)
        let label = flags.string("label") ?? "label"
        guard reps > 0, chunk > 0 else { throw .usage("--reps and --chunk must be positive") }
        let body: [UInt8]
        do { body = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch { throw .failed("cannot read \(path): \(error)") }
        let limits = CSVLimits(maxNumbers: 100_000_000, maxNumbersName: "max-train-elements")

        // CSV.
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        var peakExtra: Int?
        var split: CSVTrainingColumns?
        for rep in 0..<reps {
            let fresh = rep == 0 && MemoryProbe.resetPeak()
            let before = MemoryProbe.bytes("VmRSS")
            let cpuStart = threadCPUMilliseconds()
            let start = Measure.now()
            let result: Result<CSVTrainingColumns, CSVError> = body.withUnsafeBytes { raw in
                Result { () throws(CSVError) -> CSVTrainingColumns in
                    var reader = CSVReader(numericColumns: .training(label: label), limits: limits, expectedBodyBytes: body.count)
                    var offset = 0
                    while offset < raw.count {
                        let end = min(raw.count, offset + chunk)
                        try reader.consume(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                        offset = end
                    }
                    return try reader.finish().trainingColumns(label: label)
                }
            }
            do { split = try result.get() } catch { throw .failed("reading the CSV failed: \(error.message)") }
            samples.append(Measure.milliseconds(from: start, to: Measure.now()))
            cpuSamples.append(threadCPUMilliseconds() - cpuStart)
            if fresh, let before, let peak = MemoryProbe.bytes("VmHWM") { peakExtra = peak - before }
        }
        guard let split else { throw .failed("no CSV read") }
        let n = split.x.shape[0]
        let d = split.x.shape[1]
        var report = Report("csv_ingest")
        report.add("reader", "CSVReader (\(chunk)-byte chunks, expectedBodyBytes) + trainingColumns")
        report.add("bytes", body.count)
        report.add("n", n)
        report.add("d", d)
        report.add("reps", reps)
        report.add("ms", samples: samples)
        report.add("cpu_ms", samples: cpuSamples)
        let csvMedian = Measure.summary(samples).median
        report.add("mb_per_s", Double(body.count) / 1e6 / (csvMedian / 1e3))
        if let peakExtra { report.add("peak_extra_bytes", peakExtra) }
        report.add("matrix_bytes", n * (d + 1) * MemoryLayout<Double>.stride)
        report.print()

        // The same numbers as JSON.
        var json = Array("{\"x\":[".utf8)
        split.x.data.withUnsafeBufferPointer { x in
            for r in 0..<n {
                json.append(UInt8(ascii: r == 0 ? "[" : ","))
                if r > 0 { json.append(UInt8(ascii: "[")) }
                for c in 0..<d {
                    if c > 0 { json.append(UInt8(ascii: ",")) }
                    json += x[r * d + c].description.utf8
                }
                json.append(UInt8(ascii: "]"))
            }
        }
        json += Array("],\"y\":[".utf8)
        json += split.y.data.map(\.description).joined(separator: ",").utf8
        json += Array("]}".utf8)
        let decoders = ["x", "y"].map {
            NDArrayDecoder(member: $0, pointer: "/" + $0, allowNonFinite: false, maxElements: 100_000_000, limitFlag: "max-train-elements")
        }
        var jsonSamples: [Double] = []
        var jsonCPUSamples: [Double] = []
        for _ in 0..<reps {
            let cpuStart = threadCPUMilliseconds()
            let start = Measure.now()
            let decoded: Result<NDArray, WireError> = json.withUnsafeBytes { bytes in
                Result { () throws(WireError) -> NDArray in
                    let members = try ObjectMembers(try JSONParser.parse(bytes), allowed: ["x", "y"])
                    guard let x = members.value("x"), let y = members.value("y") else { throw members.missing("x") }
                    _ = try decoders[1].decode(y)
                    return try decoders[0].decode(x)
                }
            }
            let x: NDArray
            do { x = try decoded.get() } catch { throw .failed("decoding the JSON failed: \(error.detail)") }
            guard x == split.x else { throw .failed("the JSON's x differs from the CSV's") }
            jsonSamples.append(Measure.milliseconds(from: start, to: Measure.now()))
            jsonCPUSamples.append(threadCPUMilliseconds() - cpuStart)
        }
        let jsonMedian = Measure.summary(jsonSamples).median
        var jsonReport = Report("csv_ingest_json")
        jsonReport.add("decoder", "JSONParser.parse + NDArrayDecoder (x, y), the same numbers")
        jsonReport.add("bytes", json.count)
        jsonReport.add("n", n)
        jsonReport.add("d", d)
        jsonReport.add("reps", reps)
        jsonReport.add("ms", samples: jsonSamples)
        jsonReport.add("cpu_ms", samples: jsonCPUSamples)
        jsonReport.add("mb_per_s", Double(json.count) / 1e6 / (jsonMedian / 1e3))
        jsonReport.add("csv_speedup", jsonMedian / csvMedian)
        jsonReport.add("csv_cpu_speedup", Measure.summary(jsonCPUSamples).median / Measure.summary(cpuSamples).median)
        jsonReport.print()
    }
}
