import ArgumentParser
import Foundation

/// A setting given by a flag, else by its `DESCENT_<NAME>` environment variable, else by its default.
enum EnvironmentSetting {
    static func resolve<Value: ExpressibleByArgument>(_ flag: Value?, name: String, default value: Value) throws -> Value {
        if let flag { return flag }
        let variable = "DESCENT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return value }
        guard let parsed = Value(argument: text) else {
            throw ValidationError("\(variable)=\(text) is not a valid value for --\(name)")
        }
        return parsed
    }

    /// A repeatable list setting: the flags if any were given, else `DESCENT_<NAME>` split at commas, else empty.
    static func resolveList(_ flags: [String], name: String) -> [String] {
        let values = flags.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !values.isEmpty { return values }
        let variable = "DESCENT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        guard let text = ProcessInfo.processInfo.environment[variable] else { return [] }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
