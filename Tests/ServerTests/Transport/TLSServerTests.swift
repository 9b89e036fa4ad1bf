import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// HTTPS on a real socket with a certificate the test makes: HTTP/2 by ALPN (curl `--http2`), HTTP/1.1, TLS 1.2 as
/// the floor, `descent healthcheck --tls`, and start-up refusing files it cannot serve with.
@Suite(.serialized) struct TLSServerTests {
    static let directory = temporaryDirectory()

    /// The built binary with `arguments` on a free port; waits until `curl -k` gets 200 from `/health`.
    static func start(_ arguments: [String]) async throws -> (ChildProcess, Int) {
        let port = try await SignalShutdownTests.freePort()
        let process = try ChildProcess(
            executable: SignalShutdownTests.binary.path, arguments: ["serve", "--port", String(port), "--log-level", "error"] + arguments)
        for _ in 0..<200 {
            let probe = try await CommandLine.run("curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", "https://127.0.0.1:\(port)/health"])
            if probe.output == "200" { return (process, port) }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw URLError(.cannotConnectToHost)
    }

    static func stop(_ process: ChildProcess) async {
        kill(process.processIdentifier, SIGTERM)
        await process.exited()
    }

    @Test func http2ByALPNAndHTTP11AndKeys() async throws {
        #expect(try await CommandLine.run("curl", ["-V"]).output.contains("HTTP2"), "curl without HTTP/2 support")
        let (certificate, key) = try await CommandLine.makeCertificate(in: Self.directory)
        let keysFile = "\(Self.directory)/keys"
        try APIKeyFixture.lines.write(toFile: keysFile, atomically: true, encoding: .utf8)
        let (server, port) = try await Self.start(["--tls-cert", certificate, "--tls-key", key, "--api-keys-file", keysFile])
        defer { kill(server.processIdentifier, SIGTERM) }
        let base = "https://127.0.0.1:\(port)"
        let format = ["-o", "/dev/null", "-w", "%{http_version} %{http_code}"]
        // Verified against the certificate itself, by name.
        let verified = try await CommandLine.run(
            "curl", ["-s", "--http2", "--cacert", certificate, "--resolve", "localhost:\(port):127.0.0.1"] + format
                + ["https://localhost:\(port)/health/ready"])
        #expect(verified.output == "2 200")
        #expect(try await CommandLine.run("curl", ["-sk", "--http1.1"] + format + ["\(base)/health/ready"]).output == "1.1 200")
        #expect(try await CommandLine.run("curl", ["-sk", "--http2"] + format + ["\(base)/models"]).output == "2 401")
        let authorized = try await CommandLine.run(
            "curl", ["-sk", "--http2", "-H", "Authorization: Bearer \(APIKeyFixture.readKey)", "\(base)/models"])
        #expect(authorized.output == #"{"models":[],"next":null}"# || authorized.output.hasPrefix(#"{"models":[]"#), "\(authorized.output)")
        let h2Post = try await CommandLine.run(
            "curl", ["-sk", "--http2", "-H", "X-API-Key: \(APIKeyFixture.readKey)", "-H", "Content-Type: application/json",
                     "--data", #"{"shapes": [[2, 1], [3]]}"#] + format + ["\(base)/broadcast"])
        #expect(h2Post.output == "2 200")
        // TLS 1.1 is refused; plain HTTP on the TLS port gets no HTTP answer.
        #expect(try await CommandLine.run("curl", ["-sk", "--tlsv1.1", "--tls-max", "1.1", "\(base)/health"]).status != 0)
        #expect(try await CommandLine.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/health"]).output != "200")
        // The container health check speaks TLS when told to, or when DESCENT_TLS_CERT is set.
        let healthy = try ExecutableTests.run(["healthcheck", "--port", String(port), "--tls", "true"])
        #expect(healthy.status == 0)
        #expect(healthy.output == "healthy\n")
        let fromEnvironment = try ExecutableTests.run(["healthcheck", "--port", String(port)], environment: ["DESCENT_TLS_CERT": certificate])
        #expect(fromEnvironment.status == 0)
        let plain = try ExecutableTests.run(["healthcheck", "--port", String(port), "--tls", "false", "--timeout", "2"])
        #expect(plain.status == 1)
    }

    @Test func filesThatCannotBeServedStopStartUp() async throws {
        let (certificate, key) = try await CommandLine.makeCertificate(in: Self.directory, name: "good")
        let (expired, expiredKey) = try await CommandLine.makeCertificate(in: Self.directory, name: "expired", days: -1)
        let (_, otherKey) = try await CommandLine.makeCertificate(in: Self.directory, name: "other")
        let garbage = "\(Self.directory)/garbage.pem"
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--tls-cert", expired, "--tls-key", expiredKey], "descent: cannot use --tls-cert \(expired): the certificate expired on "),
            (["--tls-cert", certificate, "--tls-key", otherKey],
             "descent: cannot use --tls-key \(otherKey): it does not belong to the certificate in \(certificate)"),
            (["--tls-cert", garbage, "--tls-key", key], "descent: cannot use --tls-cert \(garbage): "),
            (["--tls-cert", certificate, "--tls-key", "\(Self.directory)/missing.key"],
             "descent: cannot use --tls-key \(Self.directory)/missing.key: the file cannot be read"),
            (["--tls-cert", certificate], "Error: --tls-cert and --tls-key go together; give both or neither"),
        ]
        for (arguments, line) in cases {
            let result = try ExecutableTests.run(["serve", "--port", "0"] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.hasPrefix(line), "\(arguments): \(result.error)")
        }
    }

    @Test func keysFilesThatCannotBeUsedStopStartUp() throws {
        let bad = "\(Self.directory)/bad-keys"
        try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
        try "ci admin \(String(repeating: "a", count: 64))\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let empty = "\(Self.directory)/empty-keys"
        try "# nothing yet\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let cases = [
            (bad, "descent: \(bad) line 1: scope must be read or write, got admin\n"),
            (empty, "descent: the API keys file \(empty) holds no keys (add one with `descent keys new NAME SCOPE`)\n"),
        ]
        for (file, line) in cases {
            let result = try ExecutableTests.run(["serve", "--port", "0", "--api-keys-file", file])
            #expect(result.status == 1)
            #expect(result.error == line)
        }
    }

    @Test func keysNewPrintsAKeyAndTheLineWithItsHash() async throws {
        let result = try ExecutableTests.run(["keys", "new", "ci-bot", "write"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let key = String(lines[0].dropFirst("key: ".count))
        #expect(lines[0].hasPrefix("key: dsk_") && key.count == 68)
        let hash = try await CommandLine.run("sh", ["-c", "printf %s '\(key)' | sha256sum | cut -d' ' -f1"]).output
        #expect(lines[2] == "ci-bot write \(hash.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(!lines[2].contains(key))
        #expect(try ExecutableTests.run(["keys", "new", "ci bot", "write"]).status != 0)
        #expect(try ExecutableTests.run(["keys", "new", "ci", "admin"]).status != 0)
    }
}

/// Two keys the live tests configure: their keys-file lines hold hashes only.
enum APIKeyFixture {
    static let readKey = "dsk_live_read_7f3c1e5a9b2d4c6e8f0a1b2c3d4e5f60"
    static let writeKey = "dsk_live_write_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d"
    static var lines: String {
        APIKeyRecordLine.line(name: "reader", scope: "read", key: readKey) + "\n"
            + APIKeyRecordLine.line(name: "writer", scope: "write", key: writeKey) + "\n"
    }
}
