#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal-to-double conversion, shared by the JSON and CSV number grammars.
///
/// Fast paths: Clinger's (mantissa <= 2^53, |exponent| <= 22: one exact multiply or divide), then on x86 an
/// 80-bit product or quotient (64-bit mantissa, |exponent| <= 27) whose rounding to `Double` is provably
/// correct unless it lies next to a halfway point. Everything else goes to `strtod` on a small copy of
/// the token rewritten without a decimal point (so the C locale does not matter).
enum DecimalConversion {
    /// `mantissa * 10^exponent` when a fast path is provably correctly rounded, otherwise nil.
    @inline(__always)
    static func fastValue(mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa == 0 { return 0 }
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let scale = PowersOfTen.double[exponent < 0 ? -exponent : exponent]
            return exponent < 0 ? Double(mantissa) / scale : Double(mantissa) * scale
        }
        #if arch(x86_64) || arch(i386)
        if exponent >= -27 && exponent <= 27 {
            let scale = PowersOfTen.extended[exponent < 0 ? -exponent : exponent]
            let result = exponent < 0 ? Float80(mantissa) / scale : Float80(mantissa) * scale
            // The 11 bits below double precision: 0x400 is a halfway point; the exact value is within half
            // an 80-bit ulp of `result`, so only results next to 0x400 could round differently.
            let below = result.significandBitPattern & 0x7FF
            if below >= 0x3FF && below <= 0x401 { return nil }
            return Double(result)
        }
        #endif
        return nil
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

/// Exactly representable powers of ten for the fast paths.
///
/// Written as literal arrays so that the optimizer initializes them statically: computed ones (`(0...22).map`) are
/// lazy globals, and each number paid for a `swift_once` check.
enum PowersOfTen {
    static let double: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    #if arch(x86_64) || arch(i386)
    static let extended: [Float80] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27,
    ]
    #endif
}
