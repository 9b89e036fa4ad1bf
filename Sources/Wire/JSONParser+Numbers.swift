#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One scanned number token.
struct NumberToken {
    /// The correctly rounded value (`+inf`/`-inf` when it overflows).
    var value: Double
    /// No fraction and no exponent in the token.
    var isInteger: Bool
    /// The exact value of an integer token that fits `Int` (`-0` is 0).
    var integer: Int?
}

/// Numbers: strict RFC 8259 grammar, correctly rounded conversion.
///
/// Fast paths: Clinger's (mantissa <= 2^53, |exponent| <= 22: one exact multiply or divide), then on x86 an
/// 80-bit product or quotient (64-bit mantissa, |exponent| <= 27) whose rounding to `Double` is provably
/// correct unless it lies next to a halfway point. Everything else goes to `strtod` on a small copy of
/// the token rewritten without a decimal point (so the C locale does not matter).
extension JSONScanner {
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Scans a number token; `pos` is at '-' or a digit.
    @inline(__always)
    mutating func scanNumber() throws(WireError) -> NumberToken {
        let start = pos
        var negative = false
        if base[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
            guard pos < end else { throw endOfInput() }
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var isInteger = true
        let first = base[pos]
        if first == UInt8(ascii: "0") {
            pos += 1
            if pos < end && Self.isDigit(base[pos]) {
                throw syntaxError("a number may not have leading zeros", at: start)
            }
        } else if Self.isDigit(first) {
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                } else {
                    exponent += 1
                }
                significant += 1
                pos += 1
            }
        } else if first == UInt8(ascii: "I") {
            throw unexpectedValueStart(at: pos)
        } else {
            throw syntaxError("invalid number (expected a digit after '-')", at: start)
        }
        if pos < end && base[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < end && Self.isDigit(base[pos]) else {
                throw syntaxError("invalid number (expected a digit after '.')", at: start)
            }
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if significant == 0 && digit == 0 {
                    exponent -= 1
                } else {
                    if significant < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        exponent -= 1
                    }
                    significant += 1
                }
                pos += 1
            }
        }
        if pos < end && (base[pos] | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            pos += 1
            var exponentNegative = false
            if pos < end && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) {
                exponentNegative = base[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < end && Self.isDigit(base[pos]) else {
                throw syntaxError("invalid number (expected a digit in the exponent)", at: start)
            }
            var written = 0
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if written < 10_000_000_000 { written = written * 10 + Int(digit) }
                pos += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if isInteger && significant <= 19 && mantissa <= UInt64(Int.max) {
            let magnitude = Int(mantissa)
            let integer = negative ? -magnitude : magnitude
            return NumberToken(value: Double(integer), isInteger: true, integer: integer)
        }
        let value: Double
        if significant <= 19, let fast = Self.fastValue(mantissa: mantissa, exponent: exponent) {
            value = negative ? -fast : fast
        } else {
            value = slowValue(tokenStart: start, tokenEnd: pos)
        }
        return NumberToken(value: value, isInteger: isInteger, integer: nil)
    }

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

    /// Correctly rounded conversion of the token in `[tokenStart, tokenEnd)` by `strtod`.
    func slowValue(tokenStart: Int, tokenEnd: Int) -> Double {
        let keepDigits = 780  // more than the 767 significant digits a double's rounding can depend on
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: keepDigits + 32) { buffer in
            var length = 0
            var index = tokenStart
            let negative = base[index] == UInt8(ascii: "-")
            if negative {
                buffer[length] = CChar(UInt8(ascii: "-"))
                length += 1
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
                } else if Self.isDigit(byte) {
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
enum PowersOfTen {
    static let double: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    #if arch(x86_64) || arch(i386)
    static let extended: [Float80] = (0...27).map { power in
        var value: Float80 = 1
        for _ in 0..<power { value *= 10 }
        return value
    }
    #endif
}
