#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import Wire

@Suite("JSONParser: numbers are correctly rounded")
struct JSONParserNumberTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func value(_ text: String) -> Double? {
        switch WireTest.json(text) {
        case .number(let number): number
        case .integer(let integer): Double(integer)
        default: nil
        }
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return a.bitPattern == b.bitPattern
    }

    @Test func randomDecimalStringsMatchTheStandardLibrary() {
        var rng = SplitMix(state: 42)
        var checked = 0
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...25, using: &rng)
            var mantissa = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { mantissa.append(Character(String(Int.random(in: 0...9, using: &rng)))) }
            let point = Int.random(in: 0...digits, using: &rng)
            var text = mantissa
            if point >= 1 && point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            let exponentKind = Int.random(in: 0...3, using: &rng)
            switch exponentKind {
            case 0: break
            case 1: text += "e\(Int.random(in: -30...30, using: &rng))"
            case 2: text += "e\(Int.random(in: -340 ... -290, using: &rng))"  // subnormal range
            default: text += "E+\(Int.random(in: 280...320, using: &rng))"
            }
            if Bool.random(using: &rng) { text = "-" + text }
            let expected = Double(text)
            #expect(Self.same(Self.value(text), expected), "\(text)")
            checked += 1
        }
        #expect(checked == 20_000)
    }

    @Test func shortestRepresentationsRoundTrip() {
        var rng = SplitMix(state: 7)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let text = "\(value)"
            #expect(Self.same(Self.value(text), value), "\(text)")
            // Python's repr spelling of the same values, e.g. 1e+16 and 0.0001.
            let seventeen = String(format17: value)
            #expect(Self.same(Self.value(seventeen), value), "\(seventeen)")
        }
    }

    /// Exact halfway points between two doubles (a 54-bit odd mantissa, shifted), spelled with an exponent so they
    /// take the extended-precision path, which must hand them to the exact fallback.
    @Test func halfwayPointsTieToEven() {
        var rng = SplitMix(state: 11)
        for _ in 0..<10_000 {
            let odd = (rng.next() >> 10) | (1 << 53) | 1
            let halfway = odd << Int.random(in: 0...9, using: &rng)
            let digits = String(halfway)
            let scale = Int.random(in: 1...(digits.count - 1), using: &rng)
            var scaled = digits
            scaled.insert(".", at: scaled.index(scaled.endIndex, offsetBy: -scale))
            for text in [digits + "e0", scaled + "e\(scale)"] {
                #expect(Self.same(Self.value(text), Double(text)), "\(text)")
            }
        }
    }

    @Test func randomUnitFloatsRoundTrip() {
        var rng = SplitMix(state: 3)
        for _ in 0..<20_000 {
            let value = Double.random(in: 0..<1, using: &rng)
            #expect(Self.same(Self.value("\(value)"), value))
        }
    }

    @Test(arguments: [
        "9007199254740993",                       // 2^53 + 1: ties to even
        "9.007199254740993e15",
        "9007199254740993.0",
        "9007199254740995.0",
        "1.00000000000000011102230246251565404236316680908203125",  // exactly halfway above 1
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",                // just below half the smallest subnormal
        "2.4703282292062328e-324",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "123456789012345678901234567890",
        "0.000000000000000000000000000000000001",
        "0.1", "0.2", "0.3", "3.141592653589793", "2.718281828459045",
        "0.37454011884736254", "0.9507143064099162", "0.7319939418114051",
        "1e23", "8.98846567431158e307", "5e-324", "1e-400",
    ])
    func knownHardCases(_ text: String) {
        #expect(Self.same(Self.value(text), Double(text)), "\(text)")
    }

    @Test func longTokensAreRoundedCorrectly() {
        // 1 followed by 800 digits and a final 1: the sticky digit decides the rounding.
        let halfway = "1.00000000000000011102230246251565404236316680908203125" + String(repeating: "0", count: 800) + "1"
        #expect(Self.same(Self.value(halfway), Double(halfway)))
        #expect(Self.value(halfway) == 1.0000000000000002)
        let manyZeros = "0." + String(repeating: "0", count: 5000) + "1e5010"
        #expect(Self.value(manyZeros) == 1e9)
        let longInteger = String(repeating: "9", count: 400)
        #expect(Self.value(longInteger) == .infinity)
    }

    @Test func integerTokens() {
        #expect(WireTest.render(WireTest.json("123456789012345678")) == "i123456789012345678")
        #expect(WireTest.render(WireTest.json("-9223372036854775807")) == "i-9223372036854775807")
        #expect(WireTest.render(WireTest.json("12345678901234567890123")) == "n1.2345678901234568e+22")
    }
}

extension String {
    /// `%.17g`, the spelling with 17 significant digits.
    init(format17 value: Double) {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, 64, "%.17g", $0) }
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
