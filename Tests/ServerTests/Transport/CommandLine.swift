import Foundation

/// Running command-line tools from tests (openssl, curl, python3): their exit status and standard output.
enum CommandLine {
    /// Runs `tool` on a Dispatch thread: waiting for a process must not hold one of the few threads Swift
    /// concurrency runs every test on (two on a 2-core machine), or the other tests stall meanwhile.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runWaiting(tool, arguments) })
            }
        }
    }

    private static func runWaiting(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = Pipe()
        let process = try ChildProcess(executable: "/usr/bin/env", arguments: [tool] + arguments, standardOutput: output.fileHandleForWriting)
        try output.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A self-signed P-256 certificate for `localhost` and 127.0.0.1 made by the openssl CLI: (certificate, key)
    /// paths in `directory`; `days` below 0 makes one that has already expired.
    static func makeCertificate(in directory: String, name: String = "server", days: Int = 2) async throws -> (String, String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = "\(directory)/\(name).key", request = "\(directory)/\(name).csr", certificate = "\(directory)/\(name).pem"
        let extensions = "\(directory)/\(name).ext"
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try await run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key])
        try await run("openssl", ["req", "-new", "-key", key, "-out", request, "-subj", "/CN=localhost"])
        let signed = try await run("openssl", [
            "x509", "-req", "-in", request, "-signkey", key, "-out", certificate, "-days", String(days), "-extfile", extensions,
        ])
        guard signed.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (certificate, key)
    }
}
