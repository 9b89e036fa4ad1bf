import ArgumentParser
import Server

/// Where `serve` listens (`healthcheck` reads the same two settings to know where to probe).
struct AddressOptions: ParsableArguments {
    // Declared for `--help` and validation; read through `SettingsReader` (flag, then `DESCENT_*`, then the default).
    @Option(help: Setting.host.help) var host: String?
    @Option(help: Setting.port.help) var port: Int?

    /// The port setting, checked to be a TCP port.
    static func port(from settings: SettingsReader) throws -> Int {
        let port = try settings.value(.port, default: ServerConfiguration().port)
        guard (0...65_535).contains(port) else { throw ValidationError("--port (or DESCENT_PORT) must be between 0 and 65535, got \(port)") }
        return port
    }
}
