import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The built binary with `--data-dir`: a softmax job with adam and validation, killed with SIGKILL, resumes from its
/// model checkpoint with the bits of an uninterrupted run.
@Suite(.serialized) struct ModelRunDurabilityTests {
    /// A job's status members (its history's `b` is an array for softmax, which ``TestJob`` does not read).
    struct JobStatusBody: Decodable {
        let id: String
        let status: String
        let epoch: Int
        let resumes: Int
        let resumed_from: Int?
    }

    static func waitForJob(_ id: String, on client: HTTPClient) async throws -> JobStatusBody {
        for _ in 0..<1500 {
            let job = try await client.send("GET", "/jobs/\(id)").decode(JobStatusBody.self)
            if ["succeeded", "failed", "cancelled"].contains(job.status) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CancellationError()
    }

    @Test func aSoftmaxAdamJobKilledMidRunResumesWithTheSameBits() async throws {
        let directory = temporaryDirectory()
        let spec =
            #"\#(ModelFixtures.threeClustersMembers), "model": "softmax", "optimizer": {"name": "adam", "batch_size": 2}, "#
            + #""validation": {"fraction": 0.2}, "standardize": true, "l2": 0.001, "epochs": 100000, "learning_rate": 0.01, "seed": 5, "#
            + #""snapshot_every": 5000, "name": "resumed""#
        var server = try await BinaryServer(arguments: ["--data-dir", directory, "--checkpoint-seconds", "0.05", "--workers", "1"])
        let submitted = try await server.client.send("POST", "/train", json: "{\(spec)}")
        #expect(submitted.status == 202)
        let id = try submitted.decode(JobStatusBody.self).id
        var epoch = 0
        while epoch < 5000 {
            try await Task.sleep(for: .milliseconds(20))
            epoch = try await server.client.send("GET", "/jobs/\(id)").decode(JobStatusBody.self).epoch
        }
        #expect(epoch < 100000, "the job finished before it could be killed")
        await server.kill(SIGKILL)

        server = try await BinaryServer(arguments: ["--data-dir", directory, "--checkpoint-seconds", "0.05", "--workers", "1"])
        let resumed = try await Self.waitForJob(id, on: server.client)
        #expect(resumed.status == "succeeded")
        #expect(resumed.resumes == 1)
        let from = try #require(resumed.resumed_from)
        #expect(from > 0 && from < 100000, "resumed from \(from), last seen at epoch \(epoch)")
        let resumedModel = try JSONSerialization.jsonObject(with: try await server.client.send("GET", "/models/resumed").body) as? NSDictionary
        let resumedJob = try JSONSerialization.jsonObject(with: try await server.client.send("GET", "/jobs/\(id)").body) as? NSDictionary
        await server.kill(SIGTERM)

        let reference = try await BinaryServer(arguments: ["--workers", "1"])
        let uninterrupted = try await reference.client.send("POST", "/train", json: "{\(spec), \"wait\": true}")
        #expect(uninterrupted.status == 201)
        let referenceJob = try JSONSerialization.jsonObject(with: uninterrupted.body) as? NSDictionary
        let referenceModel = try JSONSerialization.jsonObject(with: try await reference.client.send("GET", "/models/resumed").body) as? NSDictionary
        await reference.kill(SIGTERM)
        for key in ["w", "b", "metrics", "val_metrics", "standardization"] {
            #expect(resumedModel?[key] != nil && resumedModel?[key] as? NSObject == referenceModel?[key] as? NSObject, "\(key) differs")
        }
        #expect(resumedJob?["history"] as? NSArray == referenceJob?["history"] as? NSArray)
        #expect((resumedJob?["history"] as? NSArray)?.count == 20)
    }
}
