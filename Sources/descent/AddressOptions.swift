import ArgumentParser

/// Where the service listens; shared by `serve` and `healthcheck`.
struct AddressOptions: ParsableArguments {
    @Option(help: "Address to listen on (env DESCENT_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port (env DESCENT_PORT; default 8080).")
    var port: Int?

    func resolvedHost() throws -> String { try EnvironmentSetting.resolve(host, name: "host", default: "127.0.0.1") }

    func resolvedPort() throws -> Int {
        let port = try EnvironmentSetting.resolve(port, name: "port", default: 8080)
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        return port
    }
}
