import ArgumentParser
import Configuration
import Foundation

/// Reads ``Setting``s through swift-configuration's `ConfigReader`: a flag beats its `DESCENT_*` variable, which beats
/// the default the caller passes (the one ``Setting/defaultText`` shows).
///
/// Values are read as text and converted here, so a value that does not parse is an error naming the flag and the
/// variable, never a silent fall back to the default.
struct SettingsReader {
    private let reader: ConfigReader

    init(arguments: [String] = CommandLine.arguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
        // The database URL carries a password: marked secret, it never shows in the reader's descriptions or reports.
        reader = ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: arguments, secretsSpecifier: .specific([Setting.databaseUrl.flag])),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific([Setting.databaseUrl.variable]))
                .prefixKeys(with: "descent"),
        ])
    }

    /// The setting's value, or `defaultValue` when neither its flag nor its variable is given (or the variable is empty).
    func value<Value: ExpressibleByArgument>(_ setting: Setting, default defaultValue: Value) throws -> Value {
        guard let text = reader.string(forKey: ConfigKey(setting.key)), !text.isEmpty else { return defaultValue }
        guard let value = Value(argument: text) else { throw invalid(setting, text, "is not a valid value") }
        return value
    }

    /// A whole number of at least `minimum`.
    func integer(_ setting: Setting, default defaultValue: Int, atLeast minimum: Int) throws -> Int {
        let value = try value(setting, default: defaultValue)
        guard value >= minimum else { throw invalid(setting, String(value), "must be at least \(minimum)") }
        return value
    }

    /// Seconds, more than 0 and at most a day.
    func seconds(_ setting: Setting, default defaultValue: Duration) throws -> Duration {
        let value = try value(setting, default: Self.seconds(defaultValue))
        guard value > 0 && value <= 86_400 else { throw invalid(setting, String(value), "must be more than 0 and at most 86400") }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// A repeatable setting: every flag's values (each may be comma-separated), else the variable split at commas.
    func list(_ setting: Setting) -> [String] {
        let values = reader.stringArray(forKey: ConfigKey(setting.key)) ?? []
        return values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A duration as the whole or fractional seconds `--help` shows.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func invalid(_ setting: Setting, _ text: String, _ reason: String) -> ValidationError {
        ValidationError("\(setting.flag) (or \(setting.variable)) \(reason), got \(text)")
    }
}
