import NIOCore
import Testing

@testable import Wire

@Suite("CSVWriter: prediction answers")
struct CSVWriterTests {
    static func written(
        _ passThrough: CSVTextColumns, _ probabilities: CSVProbabilities, _ labels: [Int], lineEnding: CSVLineEnding = .crlf
    ) -> String {
        var buffer = ByteBuffer()
        CSVWriter.writePredictions(passThrough: passThrough, probabilities: probabilities, labels: labels, lineEnding: lineEnding, into: &buffer)
        return String(buffer: buffer)
    }

    @Test func binaryWithPassThrough() {
        let passThrough = CSVTextColumns(names: ["id", "name"], rows: [["1", "Ann"], ["2", "Bob"]])
        let text = Self.written(passThrough, .binary([0.25, 0.875]), [0, 1])
        #expect(text == "id,name,probability,label\r\n1,Ann,0.25,0\r\n2,Bob,0.875,1\r\n")
    }

    @Test func classesWithoutPassThroughAndLF() {
        let text = Self.written(CSVTextColumns(names: []), .classes([0.5, 0.25, 0.25, 0.1, 0.2, 0.7], count: 3), [0, 2], lineEnding: .lf)
        #expect(text == "p_0,p_1,p_2,label\n0.5,0.25,0.25,0\n0.1,0.2,0.7,2\n")
    }

    @Test func fieldsAreQuotedOnlyWhenNeeded() {
        let passThrough = CSVTextColumns(
            names: ["plain", "with,comma", "q\"uote"],
            rows: [["a b", "x,y", "say \"hi\""], ["line\nend", "cr\rhere", ""]])
        let text = Self.written(passThrough, .binary([1, 0]), [1, 0], lineEnding: .lf)
        let expected = "plain,\"with,comma\",\"q\"\"uote\",probability,label\n"
            + "a b,\"x,y\",\"say \"\"hi\"\"\",1.0,1\n"
            + "\"line\nend\",\"cr\rhere\",,0.0,0\n"
        #expect(text == expected)
    }

    @Test func numbersAreShortestAndNeverNonFinite() {
        let text = Self.written(CSVTextColumns(names: []), .binary([1e-5, 0.1, .nan, .infinity, .leastNonzeroMagnitude]), [0, 0, 0, 1, 0], lineEnding: .lf)
        #expect(text == "probability,label\n1e-05,0\n0.1,0\n,0\n,1\n5e-324,0\n")
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    }

    @Test func whatTheWriterWritesReadsBackBitForBit() throws {
        var rng = JSONParserNumberTests.SplitMix(state: 3)
        var probabilities: [Double] = []
        var names: [[String]] = []
        for r in 0..<500 {
            probabilities.append(Double.random(in: 0...1, using: &rng))
            probabilities.append(Double(bitPattern: rng.next() & 0x3FEF_FFFF_FFFF_FFFF))  // finite, in [0, 2)
            names.append(["row \(r)", r % 7 == 0 ? "quote \" comma , line \r\n end" : "ü\(r)"])
        }
        let passThrough = CSVTextColumns(names: ["id", "note, with comma"], rows: names)
        let labels = (0..<500).map { $0 % 2 }
        for ending in [CSVLineEnding.crlf, .lf] {
            var buffer = ByteBuffer()
            CSVWriter.writePredictions(
                passThrough: passThrough, probabilities: .classes(probabilities, count: 2), labels: labels, lineEnding: ending, into: &buffer)
            let table = try CSVReader.read(buffer, numericColumns: .prediction(features: ["p_0", "p_1", "label"]))
            #expect(table.columnNames == ["id", "note, with comma", "p_0", "p_1", "label"])
            #expect(table.text == passThrough)
            var expected: [Double] = []
            for r in 0..<500 { expected += [probabilities[2 * r], probabilities[2 * r + 1], Double(labels[r])] }
            #expect(table.numbers.map(\.bitPattern) == expected.map(\.bitPattern))
        }
    }
}
