import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A 10 MB gzip body that inflates to 10 GiB, sent to the built binary: 413, and the server's resident memory grows
/// by less than twice `--max-body-bytes` (read from /proc/PID/status: VmRSS before, VmHWM after).
@Suite struct ZipBombTests {
    static let limit = 32 << 20

    /// A `VmRSS:`/`VmHWM:` figure of `pid` in bytes.
    static func memory(_ field: String, pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(field + ":") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""))
        return kilobytes * 1024
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func tenGigabytesInflatedAreRefusedWithinTheLimit() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bomb = "\(directory)/bomb.gz"
        let made = try await CommandLine.run(
            "python3", [packageRoot.appendingPathComponent("scripts/gzip-bomb").path, bomb, String(10 << 30)])
        #expect(made.status == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int)
        #expect(size > 9_000_000 && size < 12_000_000, "the bomb is \(size) bytes")

        let server = try await BinaryServer(arguments: ["--max-body-bytes", String(Self.limit)])
        let pid = server.process.processIdentifier
        let before = try Self.memory("VmRSS", pid: pid)
        let answer = try await CommandLine.run("curl", [
            "-s", "-o", "\(directory)/answer.json", "-w", "%{http_code}", "-H", "Content-Encoding: gzip", "-H", "Content-Type: application/json",
            "-H", "Expect:", "--data-binary", "@\(bomb)", "http://127.0.0.1:\(server.port)/broadcast",
        ])
        let peak = try Self.memory("VmHWM", pid: pid)
        #expect(answer.output == "413")
        let body = try String(contentsOfFile: "\(directory)/answer.json", encoding: .utf8)
        #expect(body.contains(#""type":"/problems/payload-too-large""#))
        let growth = peak - before
        print("zip bomb: \(size) B gzip -> 10 GiB; RSS \(before >> 20) MiB before, peak \(peak >> 20) MiB; growth \(growth >> 20) MiB (limit \(Self.limit >> 20) MiB)")
        #expect(growth < 2 * Self.limit, "RSS grew by \(growth) bytes")
        // Still serving.
        #expect(try await server.client.send("GET", "/health/live").status == 200)
        await server.kill(SIGTERM)
    }
}
