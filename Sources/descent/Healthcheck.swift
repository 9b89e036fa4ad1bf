import ArgumentParser
import NIOCore
import NIOPosix
import Server

/// `descent healthcheck`: exit 0 when `GET /health/ready` (or `--path`) at the configured address answers 200, else 1.
///
/// A few lines of NIO instead of URLSession, which on Linux would pull libcurl into a static binary.
struct Healthcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exit 0 when GET /health/ready (or --path) at --host/--port (or DESCENT_HOST/DESCENT_PORT) answers 200; for container health checks."
    )

    // Declared for `--help` and validation; read through `SettingsReader`, like `serve`'s.
    @Option(help: Setting.probedHost.help) var host: String?
    @Option(help: Setting.probedPort.help) var port: Int?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    @Option(help: "The path to probe: /health/ready (ready to serve), /health/live (the process answers) or /health.")
    var path: String = "/health/ready"

    @Option(help: "Speak HTTPS: true or false (default: true when DESCENT_TLS_CERT is set, as for a server started with it).")
    var tls: Bool?

    func run() async throws {
        let settings = SettingsReader()
        let host = Self.connectableHost(try settings.value(.host, default: ServerConfiguration().host))
        let port = try AddressOptions.port(from: settings)
        guard path.hasPrefix("/"), path.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationError("--path must start with / and hold visible ASCII only, got \(path)")
        }
        let https = try tls ?? !settings.value(.tlsCert, default: "").isEmpty
        let status = try? await HealthProbe.status(
            host: host, port: port, path: path, timeout: .seconds(Int64(max(1, timeout))), tls: https)
        guard status == 200 else {
            print("unhealthy: GET \(https ? "https" : "http")://\(host):\(port)\(path) " + (status.map { "answered \($0)" } ?? "did not answer"))
            throw ExitCode.failure
        }
        print("healthy")
    }

    /// A wildcard listen address is probed on loopback.
    static func connectableHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::", "[::]": return "::1"
        default: return host
        }
    }
}
