import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// Broken `text/csv` bodies over HTTP: each is a 422 problem naming the line and column (or the limit), the server
/// keeps answering, and nothing is registered.
@Suite struct CSVFaultTests {
    /// One broken body and what its problem must say.
    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let uri: String
        let body: [UInt8]
        let kind: String
        let detail: String
        var testDescription: String { name }

        init(_ name: String, uri: String = "/train?label=y", _ body: String, kind: String = "invalid-csv", detail: String) {
            self.init(name, uri: uri, bytes: Array(body.utf8), kind: kind, detail: detail)
        }

        init(_ name: String, uri: String = "/train?label=y", bytes: [UInt8], kind: String = "invalid-csv", detail: String) {
            self.name = name
            self.uri = uri
            self.body = bytes
            self.kind = kind
            self.detail = detail
        }
    }

    static let faults: [Fault] = [
        Fault("a short row", "y,a,b\n1,0.5,2\n0,4\n", detail: "line 3 has 2 fields; the header has 3"),
        Fault("a long row", "y,a,b\n1,0.5,2\n0,4,5,6\n", detail: "line 3 has more than 3 fields; the header has 3"),
        Fault("a non-numeric cell", "y,a,b\n1,0.5,2\n0,4,abc\n", kind: "invalid-value", detail: #"line 3, column "b": "abc" is not a number"#),
        Fault("an empty cell", "y,a,b\n1,,2\n0,4,5\n", kind: "invalid-value",
              detail: #"line 2, column "a": the cell is empty (missing values are not imputed)"#),
        Fault("a missing label column", uri: "/train?label=target", "y,a,b\n1,0.5,2\n0,4,5\n", kind: "missing-column",
              detail: #"the CSV has no column "target""#),
        Fault("a duplicate header name", "y,a,a\n1,0.5,2\n0,4,5\n", detail: #"line 1: the header names column "a" more than once"#),
        Fault("invalid UTF-8", bytes: Array("y,a,b\n1,0.5,2\n0,4,".utf8) + [0x35, 0xFF, 0x0A],
              detail: #"line 3, column "b": the text is not valid UTF-8"#),
        Fault("invalid UTF-8 in the header", bytes: Array("y,a,".utf8) + [0xC3, 0x28] + Array("\n1,0.5,2\n".utf8),
              detail: "line 1, column 3: the text is not valid UTF-8"),
    ]

    @Test(arguments: faults)
    func aBrokenBodyIsA422NamingWhereAndRegistersNothing(_ fault: Fault) async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let answer = try await client.execute(
                uri: fault.uri, method: .post, headers: [.contentType: "text/csv"], body: ByteBuffer(bytes: fault.body))
            let problem = try expectProblem(answer, status: .unprocessableContent, kind: fault.kind)
            #expect(problem.detail == fault.detail)
            #expect(problem.requestID != nil)
            try await Self.expectAliveAndEmpty(client)
        }
    }

    /// A body announced as 2 GiB and streamed over a real socket: refused once it passes `--max-train-elements`,
    /// after a few megabytes, not after 2 GiB; the connection closes and the server keeps serving others.
    @Test func aTwoGigabyteBodyIsRefusedAtTheLimitWhileStreaming() async throws {
        let limit = 1_000_000
        try await buildApplication(configuration: testConfiguration(limits: Limits(maxTrainElements: limit))).test(.live) { client in
            let port = try #require(client.port)
            let connection = try await RawConnection.connect(port: port)
            let announced = 2 << 30
            try await connection.send(
                "POST /train?label=y HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: \(announced)\r\n\r\ny,a,b,c\n")
            // 64 KiB of rows, four numbers each: the limit is passed after about 16 chunks.
            let rows = String(repeating: "1,0.25,0.5,0.125\n", count: 65_536 / 17)
            var sent = 0
            while sent < 256 << 20 && !connection.isClosed && !connection.text.contains("HTTP/1.1 ") {
                do { try await connection.send(rows) } catch { break }
                sent += rows.utf8.count
            }
            #expect(try await connection.waitFor("\r\n\r\n{", timeout: .seconds(10)))
            #expect(sent < 32 << 20, "the server read \(sent) bytes before refusing")
            let text = connection.text
            #expect(text.hasPrefix("HTTP/1.1 422"))
            #expect(text.lowercased().contains("connection: close"))
            #expect(text.contains(#""type":"/problems/limit-exceeded""#))
            #expect(text.contains("more than \(limit) numbers (max-train-elements)"))
            #expect(try await connection.waitForClose(timeout: .seconds(10)))
            await connection.close()

            let others = HTTPClient(port: port)
            #expect(try await others.send("GET", "/health").status == 200)
            let models = try await others.send("GET", "/models")
            #expect(models.status == 200)
            #expect(String(decoding: models.body, as: UTF8.self) == #"{"models":[],"next":null}"#)
        }
    }

    /// The server still answers, and no model or job was made.
    static func expectAliveAndEmpty(_ client: some TestClientProtocol) async throws {
        let health = try await client.execute(uri: "/health", method: .get)
        #expect(health.status == .ok)
        let models = try await client.execute(uri: "/models", method: .get)
        #expect(String(buffer: models.body) == #"{"models":[],"next":null}"#)
        let jobs = try await client.execute(uri: "/jobs", method: .get)
        #expect(String(buffer: jobs.body) == #"{"jobs":[],"next":null}"#)
    }
}
