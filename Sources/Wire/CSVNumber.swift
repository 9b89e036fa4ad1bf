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
        let token = scanToken(base, from: pos, end: end)
        if token.end == end, token.result != .notANumber { return token.result }
        let sign = base[pos]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { pos += 1 }
        return isNonFiniteName(base + pos, count: end - pos) ? .nonFinite : .notANumber
    }

    /// Scans the number token at `start` (sign, digits, point, exponent), stopping at the first byte that cannot
    /// continue it (or `end`); `.notANumber` when there is no digit or the exponent has none.
    @inline(__always)
    static func scanToken(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> (result: Parsed, end: Int) {
        var pos = start
        var negative = false
        if pos < end {
            let sign = base[pos]
            if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                negative = sign == UInt8(ascii: "-")
                pos &+= 1
            }
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        // The integer part. One digit before the point (`0.5`, `3.25`: features in [0, 1) are written so) is the
        // common case, taken at once; otherwise leading zeros are skipped, then eight digits at a time while they fit 19.
        if pos &+ 1 < end && base[pos &+ 1] == UInt8(ascii: "."), case let digit = base[pos] &- UInt8(ascii: "0"), digit < 10 {
            mantissa = UInt64(digit)
            significant = digit == 0 ? 0 : 1
            digits = 1
            pos &+= 1
        } else {
            while pos < end && base[pos] == UInt8(ascii: "0") {
                digits &+= 1
                pos &+= 1
            }
            while significant <= 11 && pos &+ 8 <= end, let eight = eightDigits(base + pos) {
                mantissa = mantissa &* 100_000_000 &+ eight
                significant &+= 8
                digits &+= 8
                pos &+= 8
            }
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                } else {
                    exponent &+= 1
                }
                significant &+= 1
                digits &+= 1
                pos &+= 1
            }
        }
        if pos < end && base[pos] == UInt8(ascii: ".") {
            pos &+= 1
            if significant == 0 {
                while pos < end && base[pos] == UInt8(ascii: "0") {
                    exponent &-= 1
                    digits &+= 1
                    pos &+= 1
                }
            }
            while significant <= 11 && pos &+ 8 <= end, let eight = eightDigits(base + pos) {
                mantissa = mantissa &* 100_000_000 &+ eight
                significant &+= 8
                exponent &-= 8
                digits &+= 8
                pos &+= 8
            }
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    exponent &-= 1
                }
                significant &+= 1
                digits &+= 1
                pos &+= 1
            }
        }
        guard digits > 0 else { return (.notANumber, pos) }
        if pos < end && (base[pos] | 0x20) == UInt8(ascii: "e") {
            pos &+= 1
            var exponentNegative = false
            if pos < end && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) {
                exponentNegative = base[pos] == UInt8(ascii: "-")
                pos &+= 1
            }
            guard pos < end && base[pos] &- UInt8(ascii: "0") < 10 else { return (.notANumber, pos) }
            var written = 0
            while pos < end {
                let digit = base[pos] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if written < 10_000_000_000 { written = written &* 10 &+ Int(digit) }
                pos &+= 1
            }
            exponent &+= exponentNegative ? -written : written
        }
        let magnitude: Double
        if significant <= 19, exponent == 0 {
            magnitude = Double(mantissa)
        } else if significant <= 19, let fast = DecimalConversion.fastValue(mantissa: mantissa, exponent: exponent) {
            magnitude = fast
        } else {
            let exact = DecimalConversion.slowValue(base, from: start, to: pos)
            return (exact.isFinite ? .value(exact) : .outOfRange, pos)
        }
        guard magnitude.isFinite else { return (.outOfRange, pos) }
        return (.value(negative ? -magnitude : magnitude), pos)
    }

    /// The value of eight ASCII digits at `base`, or nil when they are not all digits (SWAR, little-endian load).
    @inline(__always)
    static func eightDigits(_ base: UnsafePointer<UInt8>) -> UInt64? {
        let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        // Every byte is 0x30...0x39: its high nibble is 3, and adding 6 keeps it 3.
        let high = word & 0xF0F0_F0F0_F0F0_F0F0
        let carried = (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        guard high | (carried >> 4) == 0x3333_3333_3333_3333 else { return nil }
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
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
