/// The number grammar of a numeric CSV cell, with ``DecimalConversion``'s correctly rounded conversion.
///
/// Accepted (what spreadsheets and `pandas.to_csv` write): `[ \t]* [+-]? (digits [. digits*] | . digits)
/// ([eE] [+-]? digits)? [ \t]*` — so `1`, `-0.5`, `+2`, `.5`, `5.`, `007`, `1e5`, `1.5E-3`, ` 3 ` (spaces and tabs
/// around the number are ignored). Not accepted: thousands separators (`1,000` quoted), a decimal comma,
/// hexadecimal, `0x`, percent signs, currency symbols. `nan`, `inf` and `infinity` (any case, any sign) are
/// recognised only to be rejected as non-finite, and so is a value too large for a double (`1e999`); values
/// too small round to (signed) zero, as `strtod` does.
enum CSVNumber {
    /// How one cell reads.
    enum Parsed: Equatable {
        case value(Double)
        /// Nothing but spaces or tabs.
        case empty
        /// A spelling of NaN or infinity.
        case nonFinite
        /// A finite decimal whose magnitude is too large for a double.
        case outOfRange
        /// Anything else.
        case notANumber
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Reads `count` bytes at `base` as one number.
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, count: Int) -> Parsed {
        var pos = 0
        var end = count
        while pos < end && isBlank(base[pos]) { pos += 1 }
        while end > pos && isBlank(base[end - 1]) { end -= 1 }
        guard pos < end else { return .empty }
        let tokenStart = pos
        var negative = false
        let sign = base[pos]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            pos += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while pos < end {
            let digit = base[pos] &- UInt8(ascii: "0")
            if digit >= 10 { break }
            if significant > 0 || digit != 0 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                } else {
                    exponent += 1
                }
                significant += 1
            }
            digits += 1
            pos += 1
        }
        if pos < end && base[pos] == UInt8(ascii: ".") {
            pos += 1
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
                digits += 1
                pos += 1
            }
        }
        guard digits > 0 else {
            return isNonFiniteName(base + pos, count: end - pos) ? .nonFinite : .notANumber
        }
        if pos < end && (base[pos] | 0x20) == UInt8(ascii: "e") {
            pos += 1
            var exponentNegative = false
            if pos < end && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) {
                exponentNegative = base[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < end && base[pos] &- UInt8(ascii: "0") < 10 else { return .notANumber }
            var written = 0
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if written < 10_000_000_000 { written = written * 10 + Int(digit) }
                pos += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard pos == end else { return .notANumber }
        let magnitude: Double
        if significant <= 19, exponent == 0 {
            magnitude = Double(mantissa)
        } else if significant <= 19, let fast = DecimalConversion.fastValue(mantissa: mantissa, exponent: exponent) {
            magnitude = fast
        } else {
            let exact = DecimalConversion.slowValue(base, from: tokenStart, to: end)
            guard exact.isFinite else { return .outOfRange }
            return .value(exact)
        }
        guard magnitude.isFinite else { return .outOfRange }
        return .value(negative ? -magnitude : magnitude)
    }

    /// `nan`, `inf` or `infinity` in any case (the sign is already skipped).
    static func isNonFiniteName(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        func matches(_ word: StaticString) -> Bool {
            guard count == word.utf8CodeUnitCount else { return false }
            let text = word.utf8Start
            for index in 0..<count where base[index] | 0x20 != text[index] { return false }
            return true
        }
        return matches("nan") || matches("inf") || matches("infinity")
    }
}
