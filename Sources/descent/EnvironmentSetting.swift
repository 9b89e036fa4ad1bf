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
}
