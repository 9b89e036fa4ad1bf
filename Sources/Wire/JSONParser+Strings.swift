/// Strings: escapes, surrogate pairs and UTF-8 validation (RFC 8259 section 7 and 8.1).
extension JSONScanner {
    /// Parses a string; `pos` is at the opening quote.
    mutating func parseString() throws(WireError) -> String {
        pos += 1
        let start = pos
        // Fast path: plain ASCII without escapes.
        while pos < end {
            let byte = base[pos]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                pos += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            pos += 1
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pos - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        while pos < end {
            let byte = base[pos]
            switch byte {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &bytes)
            case 0..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                throw syntaxError("unescaped control character 0x\(hex.count == 1 ? "0" + hex : hex) in a string", at: pos)
            case 0x80...:
                let length = try validateUTF8Sequence(at: pos)
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + pos, count: length))
                pos += length
            default:
                bytes.append(byte)
                pos += 1
            }
        }
        throw syntaxError("unterminated string", at: start - 1)
    }

    /// One escape sequence; `pos` is at the backslash.
    mutating func parseEscape(into bytes: inout [UInt8]) throws(WireError) {
        let escapeStart = pos
        guard pos + 1 < end else { throw endOfInput() }
        let kind = base[pos + 1]
        pos += 2
        switch kind {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard pos + 1 < end, base[pos] == UInt8(ascii: "\\"), base[pos + 1] == UInt8(ascii: "u") else {
                    throw syntaxError("unpaired surrogate \\u\(hex4(unit)) in a string", at: escapeStart)
                }
                let lowStart = pos
                pos += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw syntaxError("unpaired surrogate \\u\(hex4(unit)) in a string", at: escapeStart)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw syntaxError("unpaired surrogate \\u\(hex4(unit)) in a string", at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw syntaxError("invalid \\u escape in a string", at: escapeStart)
            }
            appendUTF8(scalar.value, to: &bytes)
        default:
            throw syntaxError("invalid escape in a string", at: escapeStart)
        }
    }

    func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    func hex4(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Four hex digits after `\u`; `pos` is at the first digit.
    mutating func parseHex4(escapeStart: Int) throws(WireError) -> UInt16 {
        guard pos + 4 <= end else { throw endOfInput() }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = base[pos]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("invalid \\u escape in a string (expected 4 hex digits)", at: escapeStart)
            }
            unit = unit << 4 | UInt16(digit)
            pos += 1
        }
        return unit
    }

    /// Checks one multi-byte UTF-8 sequence starting at `offset` (Unicode table 3-7) and returns its length.
    func validateUTF8Sequence(at offset: Int) throws(WireError) -> Int {
        let lead = base[offset]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw syntaxError("invalid UTF-8", at: offset)
        }
        guard offset + length <= end else { throw syntaxError("invalid UTF-8", at: offset) }
        let second = base[offset + 1]
        guard second >= lower && second <= upper else { throw syntaxError("invalid UTF-8", at: offset) }
        for index in 2..<length {
            let byte = base[offset + index]
            guard byte >= 0x80 && byte <= 0xBF else { throw syntaxError("invalid UTF-8", at: offset) }
        }
        return length
    }
}
