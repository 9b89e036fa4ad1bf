import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The built binary: refusals at start (a data directory or a port it cannot use), and, with `--data-dir`, a job
/// killed with SIGKILL that resumes bit-exactly.
@Suite(.serialized) struct DurabilityTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let result = try ExecutableTests.run(arguments)
        return (result.status, result.error)
    }

    @Test func anUnusableDataDirectoryIsOneLineAndExitStatus1() throws {
        let file = temporaryDirectory()
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = try Self.run(["serve", "--port", "0", "--data-dir", file + "/data"])
        #expect(result.status == 1)
        #expect(result.error == "descent: cannot create data directory \(file)/data: Not a directory\n")
    }

    @Test func aPortInUseIsOneLineAndExitStatus1() async throws {
        let first = try await BinaryServer(arguments: [])
        let result = try Self.run(["serve", "--port", String(first.port), "--log-level", "error"])
        #expect(result.status == 1)
        #expect(result.error == "descent: cannot listen on 127.0.0.1:\(first.port): Address already in use\n")
        await first.kill(SIGTERM)
    }

    @Test func aSecondProcessOnTheSameDirectoryRefusesToStart() async throws {
        let directory = temporaryDirectory()
        let first = try await BinaryServer(arguments: ["--data-dir", directory])
        let result = try Self.run(["serve", "--port", "0", "--data-dir", directory])
        #expect(result.status == 1)
        #expect(result.error == "descent: data directory \(directory) is in use by another descent process\n")
        #expect(try await first.client.send("GET", "/health").status == 200)
        await first.kill(SIGTERM)
        #expect(first.process.terminationStatus == 0)
    }

    @Test func aJobKilledMidRunResumesFromItsCheckpointWithTheSameBits() async throws {
        let directory = temporaryDirectory()
        let spec = #""generate": {"samples": 500, "features": 8}, "epochs": 3000, "seed": 11, "snapshot_every": 100, "name": "resumed""#
        let body = "{\(spec)}"
        var server = try await BinaryServer(arguments: ["--data-dir", directory, "--checkpoint-seconds", "0.05", "--workers", "1"])
        let model = try await server.client.send("POST", "/train", json: #"{"generate": {"samples": 8, "features": 2}, "seed": 1, "name": "kept", "wait": true}"#)
        let kept = try model.decode(TestJob.self)
        let submitted = try await server.client.send("POST", "/train", json: body)
        #expect(submitted.status == 202)
        let id = try submitted.decode(TestJob.self).id
        var epoch = 0
        while epoch < 300 {
            try await Task.sleep(for: .milliseconds(20))
            epoch = try await server.client.send("GET", "/jobs/\(id)").decode(TestJob.self).epoch
        }
        #expect(epoch < 3000, "the job finished before it could be killed")
        await server.kill(SIGKILL)

        server = try await BinaryServer(arguments: ["--data-dir", directory, "--checkpoint-seconds", "0.05", "--workers", "1"])
        let resumed = try await server.client.waitForJob(id)
        #expect(resumed.status == "succeeded")
        #expect(resumed.resumes == 1)
        let from = try #require(resumed.resumed_from)
        // The job trained on between the last read of its epoch and the kill, so its last checkpoint may be later
        // than `epoch`; it must be a real one (past 0) and before the end.
        #expect(from > 0 && from < 3000, "resumed from \(from), last seen at epoch \(epoch)")
        let keptModel = try await server.client.send("GET", "/models/\(try #require(kept.model_id))").decode(TestModel.self)
        #expect(keptModel.name == "kept" && keptModel.version == 1)
        let resumedModel = try await server.client.send("GET", "/models/resumed").decode(TestModel.self)
        let resumedJob = try await server.client.send("GET", "/jobs/\(id)").decode(TestJob.self)
        await server.kill(SIGTERM)

        let reference = try await BinaryServer(arguments: ["--workers", "1"])
        let uninterrupted = try await reference.client.send("POST", "/train", json: "{\(spec), \"wait\": true}").decode(TestJob.self)
        let referenceModel = try await reference.client.send("GET", "/models/resumed").decode(TestModel.self)
        await reference.kill(SIGTERM)
        #expect(uninterrupted.status == "succeeded" && uninterrupted.resumes == 0 && uninterrupted.resumed_from == nil)
        #expect(resumedModel.w == referenceModel.w && resumedModel.b == referenceModel.b, "the resumed model has other bits")
        #expect(resumedModel.metrics == referenceModel.metrics)
        #expect(resumedJob.history == uninterrupted.history && resumedJob.loss == uninterrupted.loss)
        #expect(resumedJob.history?.count == 30)
    }
}
