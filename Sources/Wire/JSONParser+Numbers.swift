/// One scanned number token.
struct NumberToken {
    /// The correctly rounded value (`+inf`/`-inf` when it overflows).
    var value: Double
    /// No fraction and no exponent in the token.
    var isInteger: Bool
    /// The exact value of an integer token that fits `Int` (`-0` is 0).
    var integer: Int?
}

/// Numbers: strict RFC 8259 grammar; the correctly rounded conversion is ``DecimalConversion``'s (shared with CSV).
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
        if significant <= 19, let fast = DecimalConversion.fastValue(mantissa: mantissa, exponent: exponent) {
            value = negative ? -fast : fast
        } else {
            value = DecimalConversion.slowValue(base, from: start, to: pos)
        }
        return NumberToken(value: value, isInteger: isInteger, integer: nil)
    }
}
