import Foundation
import Testing

@testable import Wire

@Suite("DecimalConversion: the shared correctly rounded conversion")
struct DecimalConversionTests {
    static func slow(_ text: String) -> Double {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .nan }
            return DecimalConversion.slowValue(base, from: 0, to: buffer.count)
        }
    }

    @Test(arguments: ["1", "+1.5", "-2.5e-3", ".5", "5.", "007.25", "+123456789012345678901234567890e-10", "2.2250738585072011e-308",
                      "4.9406564584124654e-324", "1.7976931348623157e308", "0.1000000000000000055511151231257827021181583404541015625"])
    func slowValueMatchesTheStandardLibrary(_ text: String) throws {
        let expected = try #require(Double(text))
        #expect(Self.slow(text).bitPattern == expected.bitPattern, "\(text)")
    }

    @Test func slowValueBeyondTheRange() {
        #expect(Self.slow("1e400") == .infinity)
        #expect(Self.slow("-1e400") == -.infinity)
        #expect(Self.slow("1e-400").bitPattern == (0.0).bitPattern)
        #expect(Self.slow("-1e-400").bitPattern == (-0.0).bitPattern)
        #expect(Self.slow("-0.000").bitPattern == (-0.0).bitPattern)
    }

    @Test func fastValueCoversEveryExponent() {
        #expect(DecimalConversion.fastValue(mantissa: 15, exponent: -1) == 1.5)
        #expect(DecimalConversion.fastValue(mantissa: 0, exponent: 300) == 0)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: 22) == 1e22)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: 300) == 1e300)
        #expect(DecimalConversion.fastValue(mantissa: 13_436_424_411_240_122, exponent: -17) == 0.13436424411240122)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: 309) == .infinity)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: -400) == 0)
    }

    /// `mantissa` e `exponent` by the Eisel-Lemire path against the standard library (strtod, correctly rounded).
    static func agrees(_ mantissa: UInt64, _ exponent: Int) -> Bool {
        guard mantissa > 0, let expected = Double("\(mantissa)e\(exponent)") else { return true }
        return DecimalConversion.eiselLemire(mantissa: mantissa, exponent: exponent).bitPattern == expected.bitPattern
    }

    @Test(arguments: [
        (9_007_199_254_740_993, 0),  // 2^53 + 1: a tie, to even
        (9_007_199_254_740_995, 0),  // 2^53 + 3: a tie, to even (up)
        (18_014_398_509_481_985, 0), (4_503_599_627_370_497, 1),
        (22_250_738_585_072_013, -324), (22_250_738_585_072_011, -324),  // around the smallest normal
        (49_406_564_584_124_654, -340), (24_703_282_292_062_327, -340), (24_703_282_292_062_328, -340),  // the smallest subnormal, and half of it
        (17_976_931_348_623_157, 292), (17_976_931_348_623_158, 292), (17_976_931_348_623_159, 292),  // the largest double, and past it
        (1, -342), (1, 308), (18_446_744_073_709_551_615, 0), (18_446_744_073_709_551_615, -20), (18_446_744_073_709_551_615, 289),
        (7_450_580_596_923_828_125, -27), (1, 23), (3, 23), (5, -4), (125, -3),
    ])
    func eiselLemireEdgeCases(_ mantissa: UInt64, _ exponent: Int) {
        #expect(Self.agrees(mantissa, exponent), "\(mantissa)e\(exponent)")
    }

    @Test func eiselLemireOnRandomMantissasAndEveryExponent() {
        var rng = JSONParserNumberTests.SplitMix(state: 99)
        var checked = 0
        for exponent in -345...310 {
            for _ in 0..<60 {
                let digits = Int.random(in: 1...19, using: &rng)
                let mantissa = rng.next() % (digits == 19 ? UInt64.max : Self.powerOfTen(digits))
                #expect(Self.agrees(mantissa, exponent), "\(mantissa)e\(exponent)")
                checked += 1
            }
        }
        #expect(checked == 656 * 60)
    }

    /// The values next to halfway points: the decimal expansions of the midpoints between neighbouring doubles,
    /// cut to 19 digits (so just below or above the tie) must still round as strtod rounds them.
    @Test func eiselLemireNearHalfwayPoints() {
        var rng = JSONParserNumberTests.SplitMix(state: 123)
        for _ in 0..<5_000 {
            let value = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            guard value.isNormal else { continue }
            // 17 significant digits of value + ulp/2, truncated and rounded up.
            let midpoint = value + value.ulp / 2
            let text = String(format: "%.18e", midpoint)  // 19 digits
            guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { continue }
            let digits = text[..<e].replacing(".", with: "")
            guard let mantissa = UInt64(digits) else { continue }
            #expect(Self.agrees(mantissa, exponent - 18), "\(text)")
            #expect(Self.agrees(mantissa + 1, exponent - 18), "\(text)+1")
        }
    }

    static func powerOfTen(_ n: Int) -> UInt64 {
        var value: UInt64 = 1
        for _ in 0..<n { value *= 10 }
        return value
    }

    @Test func thePowersOfTenAreExact() {
        var value = 1.0
        for power in 0...22 {
            #expect(PowersOfTen.double[power] == value, "1e\(power)")
            value *= 10
        }
        #expect(PowersOfFive.table.count == 2 * 651)
        #expect(PowersOfFive.table[2 * 342] == 1 << 63)  // 5^0
        #expect(PowersOfFive.table[2 * 343] == 0xA000_0000_0000_0000)  // 5^1 = 0b101
    }
}
