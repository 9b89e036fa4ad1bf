import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Server

/// The loss chart: valid SVG with axes, decimated by its documented rule, and stable for a fixed seed.
@Suite struct LossChartTests {
    /// Every element of a document, with its attributes and text, parsed by Foundation's XMLParser.
    final class Elements: NSObject, XMLParserDelegate {
        struct Element { let name: String; let attributes: [String: String]; var text = "" }
        var all: [Element] = []
        var open: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            all.append(Element(name: name, attributes: attributes))
            open.append(all.count - 1)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { all[last].text += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }

        static func parse(_ text: String) throws -> [Element] {
            let delegate = Elements()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = delegate
            #expect(parser.parse(), "well-formed XML: \(String(describing: parser.parserError))")
            return delegate.all
        }
    }

    /// The coordinate pairs of a path's `d`.
    static func points(_ d: String) -> [(Double, Double)] {
        d.split(separator: " ").compactMap { token in
            let pair = token.drop { $0 == "M" || $0 == "L" }.split(separator: ",")
            guard pair.count == 2, let x = Double(pair[0]), let y = Double(pair[1]) else { return nil }
            return (x, y)
        }
    }

    static func loss(_ elements: [Elements.Element]) throws -> [(Double, Double)] {
        let paths = elements.filter { $0.name == "path" && $0.attributes["id"] == "loss" }
        #expect(paths.count == 1)
        return points(try #require(paths.first?.attributes["d"]))
    }

    @Test func tenThousandPointsAreAValidChartUnder50KBDecimatedByTheRule() throws {
        let points = (1...10_000).map { LossChart.Point(epoch: $0, loss: 0.7 / (1 + Double($0) / 300)) }
        let chart = LossChart(points: points, snapshotEpochs: Array(stride(from: 10, through: 10_000, by: 10)), epochs: 10_000, title: "Loss of job_x")
        let svg = chart.render()
        #expect(svg.utf8.count < 50_000, "\(svg.utf8.count) bytes")
        #expect(!svg.lowercased().contains("<script"))
        let elements = try Elements.parse(svg)
        let root = try #require(elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["version"] == "1.1")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        // Axes: two lines; ticks with numbers on both.
        let axes = elements.filter { $0.name == "line" && $0.attributes["stroke"] == nil }
        #expect(axes.count == 2)
        let texts = elements.filter { $0.name == "text" }.map(\.text)
        #expect(texts.contains("0") && texts.contains("10000"), "x ticks \(texts)")
        #expect(texts.contains("0.0") && texts.contains("0.8"), "y ticks \(texts)")
        #expect(texts.contains("epoch") && texts.contains("loss"))
        // A falling curve: each column's first point is its highest and its last its lowest, so 2 per column.
        var perColumn: [Int: Int] = [:]
        for point in points { perColumn[min(LossChart.plotWidth - 1, point.epoch * LossChart.plotWidth / 10_000), default: 0] += 1 }
        let expected = perColumn.values.reduce(0) { $0 + min($1, 2) }
        #expect(expected == 2 * LossChart.plotWidth)
        #expect(try Self.loss(elements).count == expected)
        // One snapshot marker per column: 1000 snapshots over 640 columns.
        let markers = try #require(elements.first { $0.attributes["id"] == "snapshots" }?.attributes["d"])
        #expect(markers.components(separatedBy: "M").count - 1 == Set((1...1000).map { min(639, $0 * 10 * 640 / 10_000) }).count)
    }

    @Test func aColumnKeepsItsFirstLowestHighestAndLastPointsInOrder() {
        let losses = [3.0, 1, 5, 2, 4]
        let chart = LossChart(
            points: losses.enumerated().map { LossChart.Point(epoch: $0.offset + 1, loss: $0.element) }, snapshotEpochs: [], epochs: 100_000,
            title: "t")
        #expect(chart.decimated.map(\.loss) == [3, 1, 5, 4])
    }

    @Test func fewPointsAreDrawnExactly() throws {
        let points = [(0, 0.7), (25, 0.5), (50, 0.35), (75, 0.3), (100, 0.28)].map { LossChart.Point(epoch: $0.0, loss: $0.1) }
        let chart = LossChart(points: points, snapshotEpochs: [25, 50, 75, 100], epochs: 100, title: "t")
        let drawn = try Self.loss(try Elements.parse(chart.render()))
        #expect(drawn.count == 5)
        // x from 64 to 704 (640 px), y from 32 (loss 0.8, the top tick) to 312 (loss 0).
        #expect(drawn.first.map { $0.0 } == 64)
        #expect(drawn.last.map { $0.0 } == 704)
        #expect(abs((drawn.first?.1 ?? 0) - (32 + 280 * (1 - 0.7 / 0.8))) < 0.06)
        #expect(chart.yMax == 0.8)
    }

    @Test func aJobsChartMatchesTheGoldenFileForAFixedSeed() async throws {
        let app = try await buildApplication(configuration: testConfiguration(workers: 1))
        try await app.test(.router) { client in
            let job = try decode(
                TestJob.self,
                from: try await client.send(
                    .post, "/train",
                    json: #"{"generate": {"samples": 200, "features": 3}, "epochs": 400, "snapshot_every": 20, "seed": 7, "learning_rate": 0.5, "wait": true}"#
                ).body)
            let response = try await client.send(.get, "/jobs/\(job.id)/loss.svg")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/svg+xml")
            let svg = String(buffer: response.body).replacingOccurrences(of: job.id, with: "job_golden")
            let golden = packageRoot.appendingPathComponent("Tests/Fixtures/loss-seed7.svg")
            if ProcessInfo.processInfo.environment["DESCENT_UPDATE_GOLDEN"] == "1" {
                try svg.write(to: golden, atomically: true, encoding: .utf8)
            }
            #expect(svg == (try String(contentsOf: golden, encoding: .utf8)))
            #expect(try Self.loss(try Elements.parse(svg)).count == 20, "20 snapshots, the last at epoch 400")
            try expectProblem(try await client.send(.get, "/jobs/job_nope/loss.svg"), status: .notFound, kind: "not-found")
        }
    }
}
