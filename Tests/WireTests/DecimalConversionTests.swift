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

    @Test func fastValueIsExactOrDeclines() {
        #expect(DecimalConversion.fastValue(mantissa: 15, exponent: -1) == 1.5)
        #expect(DecimalConversion.fastValue(mantissa: 0, exponent: 300) == 0)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: 22) == 1e22)
        #expect(DecimalConversion.fastValue(mantissa: 1, exponent: 300) == nil)
        #if arch(x86_64) || arch(i386)
        // 17 digits (above 2^53) with a negative exponent: the 80-bit path, correctly rounded.
        #expect(DecimalConversion.fastValue(mantissa: 13_436_424_411_240_122, exponent: -17) == 0.13436424411240122)
        #endif
    }

    @Test func thePowersOfTenAreExact() {
        var value = 1.0
        for power in 0...22 {
            #expect(PowersOfTen.double[power] == value, "1e\(power)")
            value *= 10
        }
        #if arch(x86_64) || arch(i386)
        var extended: Float80 = 1
        for power in 0...27 {
            #expect(PowersOfTen.extended[power] == extended, "1e\(power)")
            extended *= 10
        }
        #endif
    }
}
