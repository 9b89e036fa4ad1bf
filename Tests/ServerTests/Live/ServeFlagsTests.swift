import Testing

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

    @Test func helpListsTheEventStreamFlags() throws {
        let result = try ExecutableTests.run(["serve", "--help"])
        for flag in ["max-event-streams-per-job", "max-event-streams", "event-keep-alive-seconds"] {
            #expect(result.output.contains("--\(flag)"), "--\(flag)")
        }
        #expect(result.output.contains("DESCENT_EVENT_KEEP_ALIVE_SECONDS"))
        #expect(try ExecutableTests.run(["serve", "--max-event-streams", "0"]).status == 64)
        #expect(try ExecutableTests.run(["serve", "--event-keep-alive-seconds", "0"]).status == 64)
    }

    @Test func aZeroTimeoutIsRefused() throws {
        #expect(try ExecutableTests.run(["serve", "--header-timeout-seconds", "0"]).status == 64)
        #expect(try ExecutableTests.run(["serve"], environment: ["DESCENT_SHUTDOWN_GRACE_SECONDS": "soon"]).status == 64)
    }
}
