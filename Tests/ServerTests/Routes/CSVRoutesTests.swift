import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// `/train` and `/predict` with `Content-Type: text/csv`: options in the query string, feature names kept with the
/// model, predictions answered as CSV with the passed-through columns.
@Suite struct CSVRoutesTests {
    static let csvHeaders: HTTPFields = [.contentType: "text/csv"]

    /// The three clusters as CSV: `x1,x2,cluster`, with the label in the last column.
    static var threeClusters: String {
        let (x, y) = ModelFixtures.threeClusters
        return "x1,x2,cluster\r\n" + zip(x, y).map { "\($0[0]),\($0[1]),\($1)\r\n" }.joined()
    }

    @Test func aSoftmaxModelTrainedFromCSVPredictsCSVWithItsColumnNames() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let query = "model=softmax&standardize=true&epochs=300&learning_rate=0.5&seed=3&name=csv&wait=true&optimizer=%7B%22name%22:%22gd%22%7D"
            let trained = try await client.execute(
                uri: "/train?\(query)", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: Self.threeClusters))
            #expect(trained.status == .created)
            let job = try ModelJSON(trained.body)
            #expect(job.string("status") == "succeeded")
            #expect(job.member("params")?.string("model") == "softmax")
            #expect(job.member("params")?.int("samples") == 30)
            let model = try ModelJSON(try await client.send(.get, "/models/csv").body)
            #expect(model["feature_names"] as? [String] == ["x1", "x2"])
            #expect(model.member("metrics")?.double("accuracy") == 1)

            // Columns in another order, an extra text column passed through.
            let rows = "id,x2,x1\nb,0.1,4.1\na,0.1,0.1\nc,4.1,0.1\n"
            let predicted = try await client.execute(
                uri: "/predict?model=csv", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: rows))
            #expect(predicted.status == .ok)
            #expect(predicted.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: predicted.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first == "id,p_0,p_1,p_2,label")
            #expect(lines.dropFirst().map { $0.split(separator: ",").last.map(String.init) } == ["1", "0", "2"])
            #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) } == ["b", "a", "c"])

            let missing = try await client.execute(
                uri: "/predict?model=csv", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: "x1\n1\n"))
            #expect(missing.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, from: missing.body).detail.contains("x2"))
        }
    }

    @Test func aLogisticCSVRunNamesItsLabelAndKeepsTheNotebookPath() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let (x, y) = ModelFixtures.twoClusters
            let csv = "churned,age,spend\n" + zip(x, y).map { "\($1),\($0[0]),\($0[1])\n" }.joined()
            let trained = try await client.execute(
                uri: "/train?label=churned&epochs=20&seed=1&name=churn&wait=true", method: .post, headers: Self.csvHeaders,
                body: ByteBuffer(string: csv))
            #expect(trained.status == .created)
            let job = try ModelJSON(trained.body)
            #expect(job.member("params")?["feature_names"] as? [String] == ["age", "spend"])
            #expect(job.member("params")?["model"] == nil || job.member("params")?.string("model") == "logistic")
            let predicted = try await client.execute(
                uri: "/predict?model=churn&threshold=0.5", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: "spend,age\n0.2,0.1\n"))
            #expect(predicted.status == .ok)
            #expect(String(buffer: predicted.body).hasPrefix("probability,label\r\n"))

            let bad = try await client.execute(
                uri: "/train?label=churned", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: "churned,age\n1,abc\n"))
            let problem = try decode(ProblemBody.self, from: bad.body)
            #expect(bad.status == .unprocessableContent && problem.detail.contains("line 2"))
            let label = try await client.execute(
                uri: "/train?label=churned", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: "churned,age\n1,3\n5,4\n"))
            let labelProblem = try decode(ProblemBody.self, from: label.body)
            #expect(label.status == .unprocessableContent && labelProblem.detail.hasPrefix(#"line 3, column "churned": "#))
            #expect(labelProblem.errors == nil)
            let unknown = try await client.execute(
                uri: "/train?epochz=3", method: .post, headers: Self.csvHeaders, body: ByteBuffer(string: csv))
            #expect(unknown.status == .badRequest)
        }
    }
}
