import Testing

@testable import Wire

@Suite("CSVNumber: the grammar of numeric cells, correctly rounded")
struct CSVNumberTests {
    static func parse(_ text: String) -> CSVNumber.Parsed {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return CSVNumber.Parsed.empty }
            return CSVNumber.parse(base, count: buffer.count)
        }
    }

    static func value(_ text: String) -> Double? {
        if case .value(let value) = parse(text) { return value }
        return nil
    }

    @Test(arguments: [
        ("1", 1.0), ("-0.5", -0.5), ("+2", 2), (".5", 0.5), ("-.5", -0.5), ("5.", 5), ("007", 7), ("1e5", 1e5),
        ("1E5", 1e5), ("1.5e-3", 1.5e-3), ("2E+2", 200), (" 3 ", 3), ("\t4\t", 4), ("0", 0), ("0.000", 0),
        ("123456789012345678901234567890", 123456789012345678901234567890.0), ("1e-400", 0), ("4.9e-324", Double.leastNonzeroMagnitude),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("0.1", 0.1), ("00.25", 0.25),
        // One digit before the point, the common case taken at once.
        ("0.", 0), ("0.e1", 0), ("7.e-1", 0.7), ("-0.75", -0.75), ("0.0000000000000000000001234", 1.234e-22),
        ("9.999999999999999999999", 10), ("3.14159265358979323846", 3.141592653589793), ("0.09417734788764953", 0.09417734788764953),
    ])
    func accepted(_ text: String, _ expected: Double) {
        #expect(Self.value(text)?.bitPattern == expected.bitPattern, "\(text)")
    }

    @Test func negativeZeroKeepsItsSign() {
        #expect(Self.value("-0")?.bitPattern == (-0.0).bitPattern)
        #expect(Self.value("-0.0e5")?.bitPattern == (-0.0).bitPattern)
        #expect(Self.value("-1e-400")?.bitPattern == (-0.0).bitPattern)
    }

    @Test(arguments: ["abc", "1,5", "1.2.3", "--1", "+-1", "1e", "1e+", "e5", ".", "-", "+", ".e1", "0x10", "1_000", "1 2", "5%", "$5", "1d", "١"])
    func rejected(_ text: String) {
        #expect(Self.parse(text) == .notANumber, "\(text)")
    }

    @Test(arguments: ["nan", "NaN", "NAN", "-nan", "inf", "+inf", "-Inf", "Infinity", "-INFINITY"])
    func nonFinite(_ text: String) {
        #expect(Self.parse(text) == .nonFinite, "\(text)")
    }

    @Test func emptyAndBlank() {
        #expect(Self.parse("") == .empty)
        #expect(Self.parse("  \t ") == .empty)
    }

    @Test func tooLarge() {
        #expect(Self.parse("1e309") == .outOfRange)
        #expect(Self.parse("-1.8e308") == .outOfRange)
        #expect(Self.parse("1e99999999999999999999") == .outOfRange)
        #expect(Self.parse("0e99999999999999999999") == .value(0))
    }

    @Test func randomDecimalStringsMatchTheStandardLibrary() {
        var rng = JSONParserNumberTests.SplitMix(state: 7)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...25, using: &rng)
            var mantissa = ""
            for _ in 0..<digits { mantissa.append(Character(String(Int.random(in: 0...9, using: &rng)))) }
            let point = Int.random(in: 0...digits, using: &rng)
            var text = mantissa
            if point < digits || Bool.random(using: &rng) {
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            switch Int.random(in: 0...3, using: &rng) {
            case 0: break
            case 1: text += "e\(Int.random(in: -30...30, using: &rng))"
            case 2: text += "e\(Int.random(in: -340 ... -290, using: &rng))"
            default: text += "E+\(Int.random(in: 280...308, using: &rng))"
            }
            switch Int.random(in: 0...2, using: &rng) {
            case 0: text = "-" + text
            case 1: text = "+" + text
            default: break
            }
            guard let expected = Double(text), expected.isFinite else { continue }
            #expect(Self.value(text)?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func shortestRoundTripFormsReadBackExactly() {
        var rng = JSONParserNumberTests.SplitMix(state: 11)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            #expect(Self.value(value.description)?.bitPattern == value.bitPattern, "\(value)")
        }
    }

    @Test func eightDigitsAtATime() {
        func eight(_ text: String) -> UInt64? {
            Array(text.utf8).withUnsafeBufferPointer { buffer in buffer.baseAddress.flatMap { CSVNumber.eightDigits($0) } }
        }
        #expect(eight("12345678") == 12_345_678)
        #expect(eight("00000000") == 0)
        #expect(eight("99999999") == 99_999_999)
        #expect(eight("09876543") == 9_876_543)
        for bad in ["1234567.", "/2345678", ":2345678", "1234567a", "1234 678", "\u{FF}2345678"] {
            #expect(eight(bad) == nil, "\(bad)")
        }
    }

    @Test func theReadersInlinePathAgreesWithTheStandardLibrary() throws {
        // Cells read while scanning (the hot path), in rows long enough for the eight-digit steps.
        var rng = JSONParserNumberTests.SplitMix(state: 5)
        var text = "a,b\n"
        var expected: [Double] = []
        for _ in 0..<5_000 {
            let digits = Int.random(in: 1...30, using: &rng)
            var cell = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let point = Int.random(in: 0...digits, using: &rng)
            if point < digits { cell.insert(".", at: cell.index(cell.startIndex, offsetBy: point)) }
            if Bool.random(using: &rng) { cell += "e\(Int.random(in: -40...40, using: &rng))" }
            if Bool.random(using: &rng) { cell = "-" + cell }
            guard let value = Double(cell), value.isFinite else { continue }
            text += cell + "," + cell + (Bool.random(using: &rng) ? "\n" : "\r\n")
            expected += [value, value]
        }
        let table = try CSVTest.result(text).get()
        #expect(table.numbers.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
