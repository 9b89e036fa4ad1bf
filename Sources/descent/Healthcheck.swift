import ArgumentParser
import NIOCore
import NIOPosix

/// `descent healthcheck`: exit 0 when `GET /health` at the configured address answers 200, else 1.
///
/// A few lines of NIO instead of URLSession, which on Linux would pull libcurl into a static binary.
struct Healthcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exit 0 when GET /health at --host/--port (or DESCENT_HOST/DESCENT_PORT) answers 200; for container health checks."
    )

    @OptionGroup var address: AddressOptions

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func run() async throws {
        let host = Self.connectableHost(try address.resolvedHost())
        let port = try address.resolvedPort()
        let status = try? await HealthProbe.status(host: host, port: port, timeout: .seconds(Int64(max(1, timeout))))
        guard status == 200 else {
            print("unhealthy: GET http://\(host):\(port)/health " + (status.map { "answered \($0)" } ?? "did not answer"))
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
