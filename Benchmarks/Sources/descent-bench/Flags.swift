import Foundation

/// Why a benchmark could not run.
enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case failed(String)

    var description: String {
        switch self {
        case .usage(let text), .failed(let text): text
        }
    }
}

/// `--name value` pairs and bare `--switch`es from the command line.
struct Flags {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws(BenchError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw .usage("unexpected argument \(argument)") }
            let name = String(argument.dropFirst(2))
            if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                values[name] = arguments[index + 1]
                index += 2
            } else {
                values[name] = ""
                index += 1
            }
        }
    }

    func int(_ name: String, default fallback: Int) throws(BenchError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= 0 else {
            throw .usage("--\(name) wants a non-negative integer, got \(text)")
        }
        return value
    }

    func string(_ name: String) -> String? { values[name] }

    func has(_ name: String) -> Bool { values[name] != nil }
}
