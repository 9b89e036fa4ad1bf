import Engine
import Foundation
import Testing

@testable import Wire

/// Throughput of the parser on a real body; runs only with `DESCENT_WIRE_BENCH=/path/to/body.json`
/// (best in release: `swift build -c release --build-tests && swift test -c release --skip-build --filter Benchmark`).
/// Prints MB/s; asserts only the result's shape, never a time.
@Suite("JSONParser benchmark")
struct JSONParserBenchmark {
    static let path = ProcessInfo.processInfo.environment["DESCENT_WIRE_BENCH"]

    static func memory(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0").map { $0 * 1024 } ?? 0
        }
        return 0
    }

    @Test(.enabled(if: path != nil)) func trainBodyThroughput() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path ?? "")))
        let before = Self.memory("VmRSS")
        var best = Double.infinity
        var shape: [Int] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let value = try JSONParser.parse(bytes)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
            if case .object(let members) = value, let x = members.first(where: { $0.key == "x" }), case .numbers(let array, _) = x.value {
                shape = array.shape
            } else if case .numbers(let array, _) = value {
                shape = array.shape
            }
        }
        let peak = Self.memory("VmHWM")
        let megabytes = Double(bytes.count) / 1_000_000
        print("wire-bench: \(bytes.count) bytes, x shape \(shape), best \(best) s, \(megabytes / best) MB/s, "
            + "peak RSS above start \((peak - before) / 1_000_000) MB")
        #expect(!shape.isEmpty)
    }
}
