import Foundation

/// A strict parser of the Prometheus text exposition format 0.0.4, for tests: it rejects what a Prometheus server
/// would (bad names, bad escapes, samples before or outside their `# TYPE`, a family typed twice, a series twice,
/// histogram buckets that shrink or a `+Inf` bucket that differs from `_count`), and returns the samples.
struct PrometheusText {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Invalid: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "line \(line): \(reason)" }
    }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        var current: (name: String, type: String)?
        var seen = Set<String>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = String(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, parts[0] == "#" else { continue }  // a plain comment
                switch parts[1] {
                case "TYPE":
                    guard parts.count == 4, Self.isMetricName(parts[2]) else { throw Invalid(line: number, reason: "malformed TYPE") }
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw Invalid(line: number, reason: "unknown type \(parts[3])")
                    }
                    guard types[parts[2]] == nil else { throw Invalid(line: number, reason: "\(parts[2]) typed twice") }
                    types[parts[2]] = parts[3]
                    current = (parts[2], parts[3])
                case "HELP":
                    guard Self.isMetricName(parts[2]) else { throw Invalid(line: number, reason: "malformed HELP") }
                default: continue
                }
                continue
            }
            let sample = try Self.sample(line, number: number)
            guard let family = current, Self.belongs(sample.name, to: family.name, type: family.type) else {
                throw Invalid(line: number, reason: "sample \(sample.name) outside its TYPE")
            }
            if family.type == "histogram", sample.name == family.name + "_bucket", sample.labels["le"] == nil {
                throw Invalid(line: number, reason: "bucket without le")
            }
            let key = sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            guard seen.insert(key).inserted else { throw Invalid(line: number, reason: "series \(key) twice") }
            samples.append(sample)
        }
        try checkHistograms()
    }

    /// The samples named `name` whose labels include `labels`.
    func values(_ name: String, _ labels: [String: String] = [:]) -> [Double] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }.map(\.value)
    }

    /// The one sample named `name` with exactly `labels`, if present.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The distinct label sets of `name`'s samples, with `le` left out.
    func labelSets(_ name: String) -> Set<[String: String]> {
        Set(samples.filter { $0.name == name }.map { $0.labels.filter { $0.key != "le" } })
    }

    private func checkHistograms() throws {
        for (name, type) in types where type == "histogram" {
            for labels in labelSets(name + "_bucket") {
                let buckets = samples.filter { $0.name == name + "_bucket" && $0.labels.filter { $0.key != "le" } == labels }
                let ordered = try buckets.map { sample -> (Double, Double) in
                    guard let bound = sample.labels["le"].flatMap(Self.number) else { throw Invalid(line: 0, reason: "bad le in \(name)") }
                    return (bound, sample.value)
                }.sorted { $0.0 < $1.0 }
                guard zip(ordered, ordered.dropFirst()).allSatisfy({ $0.1 <= $1.1 }) else {
                    throw Invalid(line: 0, reason: "\(name)\(labels) buckets are not cumulative")
                }
                guard let last = ordered.last, last.0 == .infinity, value(name + "_count", labels) == last.1 else {
                    throw Invalid(line: 0, reason: "\(name)\(labels) +Inf bucket differs from _count")
                }
                guard value(name + "_sum", labels) != nil else { throw Invalid(line: 0, reason: "\(name)\(labels) has no _sum") }
            }
        }
    }

    private static func belongs(_ sample: String, to family: String, type: String) -> Bool {
        switch type {
        case "histogram": [family + "_bucket", family + "_sum", family + "_count"].contains(sample)
        case "summary": [family, family + "_sum", family + "_count"].contains(sample)
        default: sample == family
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    static func isLabelName(_ name: String) -> Bool {
        !name.contains(":") && isMetricName(name)
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    /// `name{label="value",...} value [timestamp]`.
    private static func sample(_ line: String, number: Int) throws -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0 != "{" && $0 != " " })
        guard isMetricName(name) else { throw Invalid(line: number, reason: "bad metric name in \(line)") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = String(rest.prefix { $0 != "=" })
                guard isLabelName(key) else { throw Invalid(line: number, reason: "bad label name \(key)") }
                rest = rest.dropFirst(key.count)
                guard rest.hasPrefix("=\"") else { throw Invalid(line: number, reason: "label \(key) without a quoted value") }
                rest = rest.dropFirst(2)
                var value = ""
                while true {
                    guard let character = rest.first else { throw Invalid(line: number, reason: "unterminated label value") }
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\" {
                        guard let escaped = rest.first else { throw Invalid(line: number, reason: "dangling escape") }
                        rest = rest.dropFirst()
                        switch escaped {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Invalid(line: number, reason: "bad escape \\\(escaped)")
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard labels.updateValue(value, forKey: key) == nil else { throw Invalid(line: number, reason: "label \(key) twice") }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" {
                    throw Invalid(line: number, reason: "expected , or } in \(line)")
                }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard rest.first == " ", (1...2).contains(fields.count), let value = Self.number(String(fields[0])) else {
            throw Invalid(line: number, reason: "bad value in \(line)")
        }
        if fields.count == 2, Int64(fields[1]) == nil { throw Invalid(line: number, reason: "bad timestamp in \(line)") }
        return Sample(name: name, labels: labels, value: value)
    }
}
