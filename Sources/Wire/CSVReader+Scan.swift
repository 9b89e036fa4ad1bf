/// The field scanner: finds fields and line ends in a chunk, handing each complete field to `deliver` straight
/// from the chunk's bytes; only a field cut by the end of a chunk is copied (to `carry`) and completed from the next.
extension CSVReader {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Bytes that end an unquoted field (or are a fault in one): `,` `"` LF CR.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte == comma || byte == lineFeed || byte == carriageReturn || byte == quote
    }

    mutating func scan(_ base: UnsafePointer<UInt8>, count end: Int) throws(CSVError) {
        var pos = 0
        while pos < end {
            if skipLineFeed {
                skipLineFeed = false
                if base[pos] == Self.lineFeed {
                    pos += 1
                    continue
                }
            }
            switch state {
            case .fieldStart:
                let first = base[pos]
                if column == 0 {
                    if first == Self.lineFeed || first == Self.carriageReturn {
                        if firstEmptyLine == nil { firstEmptyLine = line }
                        line += 1
                        skipLineFeed = first == Self.carriageReturn
                        pos += 1
                        continue
                    }
                    if let empty = firstEmptyLine { throw .emptyLine(line: empty) }
                    recordLine = line
                }
                fieldLine = line
                if first == Self.quote {
                    pos = try scanQuotedField(base, from: pos + 1, end: end)
                    continue
                }
                if headerDone, case let slot = slots[column], slot >= 0 {
                    // The hot path: a numeric cell is parsed as it is scanned, when a line end or comma ends it here.
                    let token = CSVNumber.scanToken(base, from: pos, end: end)
                    if token.end < end, token.end - pos <= limits.maxFieldBytes, case .value(let value) = token.result {
                        let next = base[token.end]
                        if next == Self.comma || next == Self.lineFeed || next == Self.carriageReturn {
                            row[slot] = value
                            try endField(next)
                            pos = token.end + 1
                            continue
                        }
                    }
                }
                pos = try scanUnquotedField(base, from: pos, end: end)
            case .unquoted:
                let stop = min(end, pos + (limits.maxFieldBytes - carry.count) + 1)
                var index = pos
                while index < stop && !Self.isSpecial(base[index]) { index += 1 }
                try appendCarry(base + pos, count: index - pos)
                if index == end {
                    pos = end
                } else {
                    let byte = base[index]
                    if byte == Self.quote { throw .quoteInUnquotedField(line: fieldLine, column: currentColumn) }
                    try deliverCarry()
                    try endField(byte)
                    pos = index + 1
                }
            case .quoted:
                let stop = min(end, pos + (limits.maxFieldBytes - carry.count) + 1)
                var index = pos
                while index < stop && base[index] != Self.quote {
                    if base[index] == Self.lineFeed { line += 1 }
                    index += 1
                }
                try appendCarry(base + pos, count: index - pos)
                if index == end {
                    pos = end
                } else {
                    state = .quoteAfterQuoted
                    pos = index + 1
                }
            case .quoteAfterQuoted:
                let byte = base[pos]
                if byte == Self.quote {
                    try appendCarry(base + pos, count: 1)
                    state = .quoted
                } else if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn {
                    try deliverCarry()
                    try endField(byte)
                } else {
                    throw .textAfterClosingQuote(line: fieldLine, column: currentColumn)
                }
                pos += 1
            }
        }
    }

    /// An unquoted field starting at `start`: delivered in place when it ends in this chunk, else carried.
    @inline(__always)
    mutating func scanUnquotedField(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) throws(CSVError) -> Int {
        let stop = min(end, start + limits.maxFieldBytes + 1)
        var index = start
        while index < stop && !Self.isSpecial(base[index]) { index += 1 }
        if index - start > limits.maxFieldBytes { throw fieldTooLong() }
        if index == end {
            try appendCarry(base + start, count: end - start)
            state = .unquoted
            return end
        }
        let byte = base[index]
        if byte == Self.quote { throw .quoteInUnquotedField(line: fieldLine, column: currentColumn) }
        try deliver(base + start, count: index - start)
        try endField(byte)
        return index + 1
    }

    /// A quoted field whose content starts at `start` (after the opening quote): delivered in place when it has
    /// no doubled quote and ends in this chunk, else carried.
    mutating func scanQuotedField(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) throws(CSVError) -> Int {
        let stop = min(end, start + limits.maxFieldBytes + 1)
        var index = start
        while index < stop && base[index] != Self.quote {
            if base[index] == Self.lineFeed { line += 1 }
            index += 1
        }
        if index - start > limits.maxFieldBytes { throw fieldTooLong() }
        if index == end {
            try appendCarry(base + start, count: end - start)
            state = .quoted
            return end
        }
        // `index` is at a quote.
        if index + 1 == end {
            try appendCarry(base + start, count: index - start)
            state = .quoteAfterQuoted
            return end
        }
        let next = base[index + 1]
        if next == Self.quote {
            try appendCarry(base + start, count: index + 1 - start)
            state = .quoted
            return index + 2
        }
        guard next == Self.comma || next == Self.lineFeed || next == Self.carriageReturn else {
            throw .textAfterClosingQuote(line: fieldLine, column: currentColumn)
        }
        try deliver(base + start, count: index - start)
        try endField(next)
        return index + 2
    }

    func fieldTooLong() -> CSVError {
        .fieldTooLong(line: fieldLine, column: currentColumn, limit: limits.maxFieldBytes)
    }

    mutating func appendCarry(_ base: UnsafePointer<UInt8>, count: Int) throws(CSVError) {
        guard carry.count + count <= limits.maxFieldBytes else { throw fieldTooLong() }
        carry.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    /// Delivers the carried field and empties `carry`.
    mutating func deliverCarry() throws(CSVError) {
        var field: [UInt8] = []
        swap(&field, &carry)
        let result: Result<Void, CSVError> = field.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) in try deliver(buffer.baseAddress, count: buffer.count) }
        }
        field.removeAll(keepingCapacity: true)
        swap(&field, &carry)
        try result.get()
    }

    /// After a field: a comma starts the next field; a line end ends the record.
    @inline(__always)
    mutating func endField(_ terminator: UInt8) throws(CSVError) {
        state = .fieldStart
        if terminator == Self.comma {
            column += 1
            if headerDone {
                if column >= width { throw .tooManyFields(line: recordLine, expected: width) }
            } else if column >= limits.maxColumns {
                throw .tooManyColumns(limit: limits.maxColumns)
            }
        } else {
            try endRecord()
            line += 1
            skipLineFeed = terminator == Self.carriageReturn
        }
    }
}
