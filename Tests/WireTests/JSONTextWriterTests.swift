import Foundation
import NIOCore
import Testing
import Wire

/// The hand-written JSON pieces parse back, with JSONSerialization, to exactly what was written.
@Suite struct JSONTextWriterTests {
    static func text(_ write: (inout ByteBuffer) -> Void) -> String {
        var buffer = ByteBuffer()
        write(&buffer)
        return String(buffer: buffer)
    }

    @Test(arguments: ["plain", "", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{1}\u{1f}", "ünïcødé ✓ 🎉", "</script>"])
    func stringsRoundTrip(value: String) throws {
        let json = Self.text { JSONTextWriter.writeString(value, into: &$0) }
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
        #expect(parsed == [value], "\(json)")
        #expect(!json.dropFirst().dropLast().contains("\n"))
    }

    @Test func lineAndParagraphSeparatorsAreEscapedAndEverySinkWritesTheSameBytes() throws {
        let value = "a\u{2028}b\u{2029}c \u{2026} \u{1F389} \"q\" \u{7}"
        let json = Self.text { JSONTextWriter.writeString(value, into: &$0) }
        #expect(json == #""a\u2028b\u2029c … 🎉 \"q\" \u0007""#)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
        #expect(parsed == [value])
        var bytes: [UInt8] = []
        JSONTextWriter.writeString(value, into: &bytes)
        #expect(bytes == Array(json.utf8))
    }

    @Test func integersAndNumbersAndNull() throws {
        let integers = [0, 1, -1, 9, 10, 99, 100, 1_234_567_890, Int.max, Int.min]
        let json = Self.text { JSONTextWriter.writeIntegers(integers, into: &$0) }
        #expect(json == "[" + integers.map(String.init).joined(separator: ",") + "]")
        let numbers = [0.5, 1.0, 1e-300, 0.1 + 0.2, 123456.789, Double.leastNonzeroMagnitude]
        let written = Self.text { JSONTextWriter.writeNumbers(numbers, into: &$0) }
        // Read back with Double(String), which rounds correctly (Foundation's JSON reader on Linux does not always).
        #expect(written.first == "[" && written.last == "]")
        let parsed = written.dropFirst().dropLast().split(separator: ",").map { Double(String($0)) }
        #expect(parsed.map { $0?.bitPattern } == numbers.map(\.bitPattern))
        #expect(Self.text { JSONTextWriter.writeNumbers([], into: &$0) } == "[]")
        #expect(Self.text { JSONTextWriter.writeString(nil, orNullInto: &$0) } == "null")
    }
}
