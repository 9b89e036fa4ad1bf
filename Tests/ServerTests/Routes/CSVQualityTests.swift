import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// models.md's quality bar through the HTTP API with CSV bodies: scikit-learn's breast cancer, iris, wine and digits
/// (the fixtures `scripts/make-model-fixtures.py` wrote: a stratified 75/25 split, `LogisticRegression`'s held-out
/// accuracy), trained by `POST /train` with `text/csv` and the README's settings, then the held-out rows predicted by
/// `POST /predict` with `text/csv`; descent's held-out accuracy must be within 1 percentage point of scikit-learn's, or
/// at most one more row wrong where one row is more than a point.
@Suite struct CSVQualityTests {
    /// What the fixture script recorded about one dataset.
    struct Dataset {
        let name: String
        let classes: Int
        let trainRows: Int
        let testRows: Int
        let sklearnAccuracy: Double
        let sklearnMisclassified: Int
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EngineTests/Fixtures")

    static func dataset(_ name: String) throws -> Dataset {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("models.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let all = try #require(root["datasets"] as? [[String: Any]])
        let entry = try #require(all.first { $0["name"] as? String == name })
        return Dataset(
            name: name, classes: try #require(entry["classes"] as? Int), trainRows: try #require(entry["trainRows"] as? Int),
            testRows: try #require(entry["testRows"] as? Int),
            sklearnAccuracy: try #require((entry["sklearnAccuracy"] as? String).flatMap(Double.init)),
            sklearnMisclassified: try #require(entry["sklearnMisclassified"] as? Int))
    }

    /// The fixture CSV (features, `label`, `split`) as a training body (features and `label`) and a prediction body
    /// (features, the true class renamed `truth` so that it is passed through).
    static func bodies(_ name: String) throws -> (train: String, test: String) {
        let text = try String(contentsOf: fixtures.appendingPathComponent("datasets/\(name).csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        #expect(header.suffix(2) == ["label", "split"])
        let features = header.dropLast(2).joined(separator: ",")
        var train = features + ",label\n"
        var test = features + ",truth\n"
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let row = fields.dropLast().joined(separator: ",") + "\n"
            if fields.last == "train" { train += row } else { test += row }
        }
        return (train, test)
    }

    @Test(arguments: ["breast_cancer", "iris", "wine", "digits"])
    func heldOutAccuracyThroughCSVIsWithinAPointOfSklearn(name: String) async throws {
        let info = try Self.dataset(name)
        let (train, test) = try Self.bodies(name)
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let headers: HTTPFields = [.contentType: "text/csv"]
            let model = info.classes == 2 ? "logistic" : "softmax"
            let optimizer = #"{"name":"adam","batch_size":32}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let query = "label=label&model=\(model)&standardize=true&l2=\(1 / Double(info.trainRows))&epochs=100"
                + "&learning_rate=0.01&seed=0&snapshot_every=0&name=\(name)&wait=true&optimizer=\(optimizer)"
            let trained = try await client.execute(uri: "/train?\(query)", method: .post, headers: headers, body: ByteBuffer(string: train))
            #expect(trained.status == .created, "\(String(buffer: trained.body))")
            #expect(try ModelJSON(trained.body).member("params")?.int("samples") == info.trainRows)

            let predicted = try await client.execute(uri: "/predict?model=\(name)", method: .post, headers: headers, body: ByteBuffer(string: test))
            #expect(predicted.status == .ok, "\(String(buffer: predicted.body))")
            var rows = String(buffer: predicted.body).split(separator: "\r\n").map { $0.split(separator: ",").map(String.init) }
            let header = rows.removeFirst()
            let probabilities = info.classes == 2 ? ["probability"] : (0..<info.classes).map { "p_\($0)" }
            #expect(header == ["truth"] + probabilities + ["label"])
            #expect(rows.count == info.testRows)
            let wrong = rows.filter { $0.first != $0.last }.count
            let accuracy = Double(info.testRows - wrong) / Double(info.testRows)
            print("quality through CSV \(name): descent \(accuracy) (\(wrong) wrong), sklearn \(info.sklearnAccuracy) (\(info.sklearnMisclassified) wrong)")
            #expect(
                accuracy >= info.sklearnAccuracy - 0.01 || wrong <= info.sklearnMisclassified + 1,
                "\(name): descent \(accuracy) (\(wrong) wrong), sklearn \(info.sklearnAccuracy) (\(info.sklearnMisclassified) wrong)")
        }
    }
}
