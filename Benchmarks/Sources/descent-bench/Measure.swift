import Dispatch
import Foundation

/// Wall-clock timing and the summary statistics every benchmark reports.
enum Measure {
    /// Monotonic nanoseconds.
    @inline(__always)
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Milliseconds between two `now()` readings.
    static func milliseconds(from start: UInt64, to end: UInt64) -> Double { Double(end &- start) / 1e6 }

    /// The median (mean of the middle two for an even count), minimum and maximum of `samples`.
    static func summary(_ samples: [Double]) -> (median: Double, min: Double, max: Double) {
        let sorted = samples.sorted()
        guard let first = sorted.first, let last = sorted.last else { return (.nan, .nan, .nan) }
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return (median, first, last)
    }
}

/// One line of output: a flat JSON object, keys in insertion order.
struct Report {
    private var fields: [String] = []

    init(_ bench: String) { add("bench", bench) }

    mutating func add(_ key: String, _ value: String) {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        fields.append("\"\(key)\":\"\(escaped)\"")
    }

    mutating func add(_ key: String, _ value: Int) { fields.append("\"\(key)\":\(value)") }

    mutating func add(_ key: String, _ value: Double) {
        fields.append("\"\(key)\":" + (value.isFinite ? "\(value)" : "null"))
    }

    mutating func add(_ key: String, ints values: [Int]) {
        fields.append("\"\(key)\":[" + values.map { "\($0)" }.joined(separator: ",") + "]")
    }

    mutating func add(_ key: String, doubles values: [Double]) {
        fields.append("\"\(key)\":[" + values.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]")
    }

    /// Adds `<key>_median`, `<key>_min`, `<key>_max` and `<key>_samples`.
    mutating func add(_ key: String, samples: [Double]) {
        let (median, low, high) = Measure.summary(samples)
        add(key + "_median", median)
        add(key + "_min", low)
        add(key + "_max", high)
        fields.append("\"\(key)_samples\":[" + samples.map { "\($0)" }.joined(separator: ",") + "]")
    }

    func print() {
        Swift.print("{" + fields.joined(separator: ",") + "}")
    }
}
