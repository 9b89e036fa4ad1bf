#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal-to-double conversion, shared by the JSON and CSV number grammars.
///
/// For a decimal of at most 19 significant digits (an exact 64-bit mantissa): Clinger's fast path when it is one exact
/// multiplication (mantissa <= 2^53, 0 <= exponent <= 22), otherwise the Eisel-Lemire algorithm (a 64 x 128-bit
/// product with a truncated power of five, proven always sufficient for an exact 64-bit mantissa: Mushtak and Lemire,
/// "Fast number parsing without fallback", 2023). Longer decimals go to `strtod` on a small copy of the token
/// rewritten without a decimal point (so the C locale does not matter).
enum DecimalConversion {
    /// `mantissa * 10^exponent`, correctly rounded (`mantissa` is the exact value of at most 19 digits).
    ///
    /// Never nil (the optional is the callers' contract for a fast path that may decline); values beyond the range
    /// of a double are `+inf` or 0.
    @inline(__always)
    static func fastValue(mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa == 0 { return 0 }
        if mantissa <= 1 << 53 && exponent >= 0 && exponent <= 22 {
            return Double(mantissa) * PowersOfTen.double[exponent]
        }
        return eiselLemire(mantissa: mantissa, exponent: exponent)
    }

    /// `mantissa * 10^exponent` correctly rounded to nearest, ties to even, for a nonzero exact `mantissa`.
    @inline(__always)
    static func eiselLemire(mantissa: UInt64, exponent q: Int) -> Double {
        if q < PowersOfFive.smallestExponent { return 0 }
        if q > PowersOfFive.largestExponent { return .infinity }
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalized = mantissa << UInt64(leadingZeros)
        // The 128-bit truncated power of five times the normalized mantissa: the high word, and the low word only
        // when the bits below the 55 kept ones are all ones (a carry from the low product could reach them).
        let index = 2 &* (q &- PowersOfFive.smallestExponent)
        var (high, low) = normalized.multipliedFullWidth(by: PowersOfFive.table[index])
        if high & 0x1FF == 0x1FF {
            let carry = normalized.multipliedFullWidth(by: PowersOfFive.table[index &+ 1]).high
            let (sum, overflow) = low.addingReportingOverflow(carry)
            low = sum
            if overflow { high &+= 1 }
        }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit &+ 9)  // keep 55 bits: 52 explicit, the implicit one, a rounding bit and a spare
        var significand = high >> shift
        // floor(log2(10^q)) + 63 from (217706 * q) >> 16, then the binary exponent's bias.
        var biased = ((217_706 &* q) >> 16) &+ 63 &+ upperBit &- leadingZeros &+ 1023
        if biased <= 0 {
            // Subnormal (or zero): shift into place, then round half up (ties cannot occur this low).
            if 1 &- biased >= 64 { return 0 }
            significand >>= UInt64(1 &- biased)
            significand &+= significand & 1
            significand >>= 1
            // Rounding may carry into the smallest normal: the OR below then sets exponent field 1.
            biased = significand < 1 << 52 ? 0 : 1
            return Double(bitPattern: UInt64(biased) << 52 | significand)
        }
        // Exactly halfway between two doubles (only possible when 5^q fits 64 bits, q in -4...23): round to even.
        if low <= 1 && q >= -4 && q <= 23 && significand & 3 == 1 && significand << shift == high {
            significand &= ~1
        }
        significand &+= significand & 1
        significand >>= 1
        if significand >= 2 << 52 {
            significand = 1 << 52
            biased &+= 1
        }
        significand &= ~(1 << 52)
        if biased >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(biased) << 52 | significand)
    }

    /// Correctly rounded conversion of the token in `[tokenStart, tokenEnd)` of `base` by `strtod`.
    ///
    /// The token must be `[+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?` with at least one digit in the
    /// mantissa (the callers' grammars check that); the copy handed to `strtod` has no decimal point.
    static func slowValue(_ base: UnsafePointer<UInt8>, from tokenStart: Int, to tokenEnd: Int) -> Double {
        let keepDigits = 780  // more than the 767 significant digits a double's rounding can depend on
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: keepDigits + 32) { buffer in
            var length = 0
            var index = tokenStart
            let negative = base[index] == UInt8(ascii: "-")
            if negative {
                buffer[length] = CChar(UInt8(ascii: "-"))
                length += 1
                index += 1
            } else if base[index] == UInt8(ascii: "+") {
                index += 1
            }
            var kept = 0
            var scale = 0
            var sticky = false
            var inFraction = false
            while index < tokenEnd {
                let byte = base[index]
                if byte == UInt8(ascii: ".") {
                    inFraction = true
                } else if byte &- UInt8(ascii: "0") < 10 {
                    if kept == 0 && byte == UInt8(ascii: "0") {
                        if inFraction { scale -= 1 }
                    } else if kept < keepDigits {
                        buffer[length] = CChar(byte)
                        length += 1
                        kept += 1
                        if inFraction { scale -= 1 }
                    } else {
                        if !inFraction { scale += 1 }
                        if byte != UInt8(ascii: "0") { sticky = true }
                    }
                } else {
                    break  // 'e' or 'E'
                }
                index += 1
            }
            if index < tokenEnd {
                index += 1
                var exponentNegative = false
                if base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                    exponentNegative = base[index] == UInt8(ascii: "-")
                    index += 1
                }
                var written = 0
                while index < tokenEnd {
                    if written < 10_000_000_000 { written = written * 10 + Int(base[index] &- UInt8(ascii: "0")) }
                    index += 1
                }
                scale += exponentNegative ? -written : written
            }
            if kept == 0 { return negative ? -0.0 : 0.0 }
            if sticky {
                buffer[length] = CChar(UInt8(ascii: "1"))
                length += 1
                kept += 1
                scale -= 1
            }
            // The value is below 10^(kept + scale) and at least 10^(kept + scale - 1).
            if kept + scale > 400 { return negative ? -Double.infinity : Double.infinity }
            if kept + scale < -400 { return negative ? -0.0 : 0.0 }
            buffer[length] = CChar(UInt8(ascii: "e"))
            length += 1
            for byte in String(scale).utf8 {
                buffer[length] = CChar(byte)
                length += 1
            }
            buffer[length] = 0
            guard let address = buffer.baseAddress else { return .nan }
            return strtod(address, nil)
        }
    }
}

/// Exactly representable powers of ten for Clinger's fast path.
///
/// Written as literal arrays so that the optimizer initializes them statically: computed ones (`(0...22).map`) are
/// lazy globals, and each number paid for a `swift_once` check.
enum PowersOfTen {
    static let double: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
}
