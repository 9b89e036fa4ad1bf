import Foundation
import Testing

@testable import Server

/// The flags of issue #18 are listed by `descent serve --help` with their variables, and bad values are refused.
@Suite struct ServeFlagsTests {
    @Test func helpListsTheConnectionLimitAndCrossSiteFlags() throws {
        let result = try ExecutableTests.run(["serve", "--help"])
        #expect(result.status == 0)
        for flag in ["header-timeout-seconds", "idle-timeout-seconds", "min-body-bytes-per-second", "body-window-seconds",
                     "max-connections", "shutdown-grace-seconds", "max-features", "max-broadcast-result-elements",
                     "cors-origin", "allowed-hosts"] {
            #expect(result.output.contains("--\(flag)"), "--\(flag)")
        }
        for variable in ["DESCENT_HEADER_TIMEOUT_SECONDS", "DESCENT_SHUTDOWN_GRACE_SECONDS", "DESCENT_CORS_ORIGIN", "DESCENT_MAX_FEATURES"] {
            #expect(result.output.contains(variable), "\(variable)")
        }
    }

    /// Each default is shown from the type that applies it, and matches it.
    @Test func helpShowsTheDefaultsTheServerApplies() throws {
        let help = try ExecutableTests.run(["serve", "--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let configuration = ServerConfiguration()
        let limits = Limits()
        for (variable, value) in [
            ("DESCENT_MAX_QUEUED_JOBS", String(configuration.maxQueuedJobs)), ("DESCENT_PORT", String(configuration.port)),
            ("DESCENT_MAX_BODY_BYTES", String(limits.maxBodyBytes)), ("DESCENT_MAX_FEATURES", String(limits.maxFeatures)),
            ("DESCENT_HEADER_TIMEOUT_SECONDS", "15"), ("DESCENT_CHECKPOINT_SECONDS", "5"), ("DESCENT_LOG_LEVEL", "info"),
        ] {
            #expect(help.contains("(env \(variable); default \(value))."), "\(variable)")
        }
    }

    /// The README's configuration table shows the same defaults as `--help` (rows whose default is a literal value).
    @Test func readmeTableMatchesHelp() throws {
        let help = try ExecutableTests.run(["serve", "--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../README.md")
        var checked = 0
        for line in try String(contentsOf: readme, encoding: .utf8).split(separator: "\n") where line.hasPrefix("| `--") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[1].hasPrefix("`DESCENT_"), cells[2].hasPrefix("`") else { continue }
            let variable = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let value = cells[2].split(separator: "`")[0]
            #expect(help.contains("(env \(variable); default \(value))."), "README: \(variable) \(value)")
            checked += 1
        }
        #expect(checked >= 20)
    }

    /// swift-configuration's order: the flag, then the `DESCENT_*` variable, then the default.
    @Test func aFlagBeatsItsVariable() async throws {
        let port = try await SignalShutdownTests.freePort()
        let fromFlag = try ExecutableTests.run(["healthcheck", "--port", String(port), "--timeout", "1"], environment: ["DESCENT_PORT": "1"])
        #expect(fromFlag.output == "unhealthy: GET http://127.0.0.1:\(port)/health/ready did not answer\n")
        let fromVariable = try ExecutableTests.run(["healthcheck", "--timeout", "1"], environment: ["DESCENT_PORT": String(port)])
        #expect(fromVariable.output == fromFlag.output)
        let refused = try ExecutableTests.run(["serve"], environment: ["DESCENT_MAX_QUEUED_JOBS": "-1"])
        #expect(refused.status == 64)
        #expect(refused.error.contains("--max-queued-jobs (or DESCENT_MAX_QUEUED_JOBS) must be at least 0, got -1"), "\(refused.error)")
    }

    @Test func helpListsTheEventStreamFlags() throws {
        let result = try ExecutableTests.run(["serve", "--help"])
        for flag in ["max-event-streams-per-job", "max-event-streams", "event-keep-alive-seconds"] {
            #expect(result.output.contains("--\(flag)"), "--\(flag)")
        }
        #expect(result.output.contains("DESCENT_EVENT_KEEP_ALIVE_SECONDS"))
        #expect(try ExecutableTests.run(["serve", "--max-event-streams", "0"]).status == 64)
        #expect(try ExecutableTests.run(["serve", "--event-keep-alive-seconds", "0"]).status == 64)
    }

    /// `--default-precision` (issue #19): listed with its variable and default; a value other than exact or fast is refused.
    @Test func defaultPrecisionIsExactOrFast() throws {
        let help = try ExecutableTests.run(["serve", "--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--default-precision"))
        #expect(help.contains("(env DESCENT_DEFAULT_PRECISION; default exact)."))
        #expect(try ExecutableTests.run(["serve", "--default-precision", "quick"]).status == 64)
        let refused = try ExecutableTests.run(["serve"], environment: ["DESCENT_DEFAULT_PRECISION": "FAST"])
        #expect(refused.status == 64)
        #expect(refused.error.contains("--default-precision (or DESCENT_DEFAULT_PRECISION) is not a valid value, got FAST"), "\(refused.error)")
    }

    @Test func aZeroTimeoutIsRefused() throws {
        #expect(try ExecutableTests.run(["serve", "--header-timeout-seconds", "0"]).status == 64)
        #expect(try ExecutableTests.run(["serve"], environment: ["DESCENT_SHUTDOWN_GRACE_SECONDS": "soon"]).status == 64)
    }
}
