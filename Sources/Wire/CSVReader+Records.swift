/// What the reader does with a complete field and a complete record: header names, the column plan, numbers, text.
extension CSVReader {
    /// One complete field of `count` bytes (unquoted) at `base` (nil when empty) in `column`.
    @inline(__always)
    mutating func deliver(_ base: UnsafePointer<UInt8>?, count: Int) throws(CSVError) {
        guard headerDone else {
            try addName(base, count: count)
            return
        }
        let slot = slots[column]
        guard slot >= 0 else {
            try addText(base, count: count)
            return
        }
        guard let base else { throw .emptyCell(line: fieldLine, column: currentColumn) }
        switch CSVNumber.parse(base, count: count) {
        case .value(let value):
            row[slot] = value
        case .empty:
            throw .emptyCell(line: fieldLine, column: currentColumn)
        case .nonFinite:
            throw .nonFinite(line: fieldLine, column: currentColumn, text: cellText(base, count: count))
        case .outOfRange:
            throw .outOfRange(line: fieldLine, column: currentColumn, text: cellText(base, count: count))
        case .notANumber:
            guard UTF8Validation.isValid(base, count: count) else {
                throw .invalidUTF8(line: fieldLine, column: currentColumn)
            }
            throw .notANumber(line: fieldLine, column: currentColumn, text: cellText(base, count: count))
        }
    }

    /// A cell for a message: at most 40 characters (then `…`).
    func cellText(_ base: UnsafePointer<UInt8>, count: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// A text cell; each costs its bytes plus 8 for its end offset, counted against `maxTextBytes` (so that a body of
    /// empty cells cannot grow the offsets without bound either).
    mutating func addText(_ base: UnsafePointer<UInt8>?, count: Int) throws(CSVError) {
        guard text.bytes.count + count + (text.ends.count + 1) * 8 <= limits.maxTextBytes else {
            throw .tooMuchText(limit: limits.maxTextBytes)
        }
        guard let base, count > 0 else {
            text.append(EmptyCollection())
            return
        }
        guard UTF8Validation.isValid(base, count: count) else { throw .invalidUTF8(line: fieldLine, column: currentColumn) }
        text.append(base, count: count)
    }

    mutating func addName(_ base: UnsafePointer<UInt8>?, count: Int) throws(CSVError) {
        guard let base, count > 0 else { throw .emptyColumnName(column: column + 1) }
        guard UTF8Validation.isValid(base, count: count) else { throw .invalidUTF8(line: fieldLine, column: currentColumn) }
        let name = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        guard nameSet.insert(name).inserted else { throw .duplicateColumnName(name) }
        names.append(name)
    }

    /// The end of a record: the header's decides the plan; a data row's numbers join the table.
    mutating func endRecord() throws(CSVError) {
        defer { column = 0 }
        guard headerDone else {
            try planColumns()
            return
        }
        guard column + 1 == names.count else {
            throw .tooFewFields(line: recordLine, found: column + 1, expected: names.count)
        }
        guard numbers.count <= limits.maxNumbers - row.count else {
            throw .tooManyNumbers(limit: limits.maxNumbers, limitName: limits.maxNumbersName)
        }
        numbers.append(contentsOf: row)
        rows += 1
    }

    /// Decides, from the header, which columns are numbers (and their slots in a row) and which are text.
    mutating func planColumns() throws(CSVError) {
        headerDone = true
        width = names.count
        switch policy {
        case .allColumns(let required):
            let missing = required.filter { !nameSet.contains($0) }
            guard missing.isEmpty else { throw .missingColumns(missing) }
            slots = Array(names.indices)
            numericNames = names
        case .only(let wanted):
            let missing = wanted.filter { !nameSet.contains($0) }
            guard missing.isEmpty else { throw .missingColumns(missing) }
            var slotOf: [String: Int] = [:]
            for (slot, name) in wanted.enumerated() where slotOf[name] == nil { slotOf[name] = slot }
            slots = names.map { slotOf[$0] ?? -1 }
            numericNames = wanted
        }
        text = CSVTextColumns(names: zip(names, slots).filter { $0.1 < 0 }.map(\.0))
        row = [Double](repeating: 0, count: numericNames.count)
    }
}
