import Testing

@testable import Wire

@Suite("CSVLimits: bounded memory")
struct CSVLimitsTests {
    @Test func tooManyColumns() {
        let limits = CSVLimits(maxColumns: 3)
        #expect(CSVTest.error("a,b,c\n1,2,3\n", limits: limits) == nil)
        #expect(CSVTest.message("a,b,c,d\n1,2,3,4\n", limits: limits) == "line 1: the header has more than 3 columns")
        CSVTest.checkChunking("a,b,c,d\n1,2,3,4\n", limits: limits)
    }

    @Test func aFieldLongerThanTheLimit() {
        let limits = CSVLimits(maxFieldBytes: 4)
        #expect(CSVTest.error("abcd\n1234\n\"5678\"\n", limits: limits) == nil)
        #expect(CSVTest.message("abcde\n1\n", limits: limits) == "line 1, column 1: the field is longer than 4 bytes")
        #expect(CSVTest.message("a\n12345\n", limits: limits) == "line 2, column \"a\": the field is longer than 4 bytes")
        #expect(CSVTest.message("a\n\"12345\"\n", limits: limits) == "line 2, column \"a\": the field is longer than 4 bytes")
        #expect(CSVTest.error("a\n\"12\"\"34\"\n", limits: limits) == .fieldTooLong(line: 2, column: CSVColumn(index: 0, name: "a"), limit: 4))
        for text in ["abcde\n1\n", "a\n12345\n", "a\n\"12345\"\n", "a\n\"1\"\"2\"\n", "a\n\"1\"\"\"\"2\"\n"] {
            CSVTest.checkChunking(text, limits: limits)
        }
    }

    @Test func aLineWithoutEndFailsFastWhateverTheChunks() throws {
        // Digits with no comma or newline, fed in 600-byte chunks: the error comes in the first chunk
        // past the limit, and the reader never carries more than the limit.
        var reader = CSVReader(limits: CSVLimits(maxFieldBytes: 1000))
        try reader.consume(Array("a\n".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "7"), count: 600)
        try reader.consume(chunk)
        #expect(throws: CSVError.fieldTooLong(line: 2, column: CSVColumn(index: 0, name: "a"), limit: 1000)) {
            try reader.consume(chunk)
        }
        // The same in one big chunk: the scan stops at the limit.
        var whole = CSVReader(limits: CSVLimits(maxFieldBytes: 1000))
        #expect(throws: CSVError.fieldTooLong(line: 1, column: CSVColumn(index: 0, name: nil), limit: 1000)) {
            try whole.consume([UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20))
        }
        // Many short fields on one line: the header's column limit, or a data row's field count.
        var wide = CSVReader(limits: CSVLimits(maxColumns: 100))
        #expect(throws: CSVError.tooManyColumns(limit: 100)) {
            try wide.consume(Array((0..<1000).map { "c\($0)," }.joined().utf8))
        }
        var ragged = CSVReader()
        try ragged.consume(Array("a,b\n".utf8))
        #expect(throws: CSVError.tooManyFields(line: 2, expected: 2)) {
            try ragged.consume(Array(repeating: Array("1,".utf8), count: 1000).flatMap { $0 })
        }
    }

    @Test func tooManyNumbers() {
        let limits = CSVLimits(maxNumbers: 4, maxNumbersName: "max-train-elements")
        #expect(CSVTest.error("a,b\n1,2\n3,4\n", limits: limits) == nil)
        #expect(CSVTest.message("a,b\n1,2\n3,4\n5,6\n", limits: limits) == "the CSV has more than 4 numbers (max-train-elements)")
    }

    @Test func tooMuchText() {
        // Each cell costs its bytes and 8 for its offset: 3 + 8 + 3 + 8 = 22.
        let limits = CSVLimits(maxTextBytes: 22)
        let columns = CSVNumericColumns.prediction(features: ["x"])
        #expect(CSVTest.error("id,x\nabc,1\ndef,2\n", numericColumns: columns, limits: limits) == nil)
        #expect(CSVTest.message("id,x\nabc,1\ndefg,2\n", numericColumns: columns, limits: limits) == "the CSV's text columns hold more than 22 bytes")
        // Empty cells cost their offsets.
        #expect(CSVTest.error("id,x\n,1\n,2\n,3\n", numericColumns: columns, limits: CSVLimits(maxTextBytes: 16)) == .tooMuchText(limit: 16))
        CSVTest.checkChunking("id,x\nabc,1\ndefg,2\n", numericColumns: columns, limits: limits)
    }

    @Test func theDefaults() {
        let limits = CSVLimits()
        #expect(limits.maxColumns == 10_000)
        #expect(limits.maxFieldBytes == 65_536)
        #expect(limits.maxNumbers == 1 << 27)
        #expect(limits.maxTextBytes == 64 << 20)
    }
}
