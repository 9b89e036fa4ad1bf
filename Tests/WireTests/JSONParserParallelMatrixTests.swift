import Engine
import Testing

@testable import Wire

/// The numeric fast path on several threads: the same values, bits, shape and token flags as the sequential fast path,
/// and nil (so the sequential path reads the array and reports any fault) for anything but a well-formed matrix.
@Suite struct JSONParserParallelMatrixTests {
    /// A matrix of `rows` × `columns` numbers in varied spellings (integers, fractions, exponents, negatives, odd
    /// whitespace), well past the size at which the parallel path starts.
    static func matrixText(rows: Int, columns: Int, seed: Int = 1) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var text = "[\n"
        for row in 0..<rows {
            text += row == 0 ? " [" : ",\r\n\t[ "
            for column in 0..<columns {
                if column > 0 { text += next() % 3 == 0 ? " , " : "," }
                switch next() % 5 {
                case 0: text += String(Int(next() % 2_000_000) - 1_000_000)
                case 1: text += "\(Double(bitPattern: 0x3FF0_0000_0000_0000 | (next() & 0xF_FFFF_FFFF_FFFF)) - 1.5)"
                case 2: text += "\(next() % 1000)e-\(next() % 30)"
                case 3: text += "-0.\(next() % 10_000_000)E+\(next() % 5)"
                default: text += "\(Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF))"
                }
            }
            text += " ]"
        }
        return text + "\n]"
    }

    /// The sequential fast path's reading of `text` (which must hold only the array).
    static func sequential(_ bytes: [UInt8]) throws -> JSONScanner.NumericArray? {
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(base: buffer.baseAddress!, count: buffer.count)
            return try scanner.parseNumericArray(depth: 0)
        }
    }

    /// The parallel reading of `text` on `threads` threads, and where it left `pos`.
    static func parallel(_ bytes: [UInt8], threads: Int) -> (JSONScanner.NumericArray, Int)? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(base: buffer.baseAddress!, count: buffer.count)
            return scanner.parseNumericMatrixInParallel(depth: 0, threads: threads).map { ($0, scanner.pos) }
        }
    }

    @Test(arguments: [2, 3, 4, 7])
    func aLargeMatrixReadsAsTheSequentialPathDoes(threads: Int) throws {
        let bytes = Array(Self.matrixText(rows: 4_000, columns: 13).utf8)
        #expect(bytes.count > JSONScanner.parallelMatrixMinBytes)
        let expected = try #require(try Self.sequential(bytes))
        let (got, end) = try #require(Self.parallel(bytes, threads: threads))
        #expect(got.array.shape == [4_000, 13])
        #expect(got.array.shape == expected.array.shape)
        #expect(got.array.data.map(\.bitPattern) == expected.array.data.map(\.bitPattern))
        #expect(got.tokens == expected.tokens)
        #expect(end == bytes.count)
    }

    @Test func integersAndOverflowSetTheTokenFlagsAsSequentially() throws {
        let integers = "[" + (0..<30_000).map { "[\($0), -\($0), 7]" }.joined(separator: ",") + "]"
        let (read, _) = try #require(Self.parallel(Array(integers.utf8), threads: 4))
        #expect(read.tokens == NumberTokens(allIntegers: true, allFinite: true))
        #expect(read.array.data[3 * 29_999 + 1] == -29_999)
        var rows = (0..<30_000).map { "[\($0).5, 1e2, 7]" }
        rows[25_000] = "[1e400, 1, 2]"
        let overflow = Array(("[" + rows.joined(separator: ",") + "]").utf8)
        let (big, _) = try #require(Self.parallel(overflow, threads: 4))
        #expect(big.tokens == NumberTokens(allIntegers: false, allFinite: false))
        #expect(big.tokens == (try Self.sequential(overflow))?.tokens)
    }

    /// Each of these leaves the array to the sequential path (which then reads it generically or reports the error).
    /// Row 0…29,999 of a 30,000 × 3 matrix replaced by `text`.
    struct Spoiled: Sendable, CustomTestStringConvertible {
        let fault: String
        let row: Int
        let text: String
        var testDescription: String { fault }
    }

    /// Each of these leaves the array to the sequential path (which then reads it generically or reports the error).
    @Test(arguments: [
        Spoiled(fault: "a ragged row", row: 20_000, text: "[1, 2]"),
        Spoiled(fault: "an empty row", row: 1, text: "[]"),
        Spoiled(fault: "a string", row: 15_000, text: #"[1, "]", 3]"#),
        Spoiled(fault: "three deep", row: 29_000, text: "[1, [2], 3]"),
        Spoiled(fault: "a bare number", row: 10_000, text: "4"),
        Spoiled(fault: "a literal", row: 5, text: "[1, true, 3]"),
        Spoiled(fault: "a bad number", row: 22_222, text: "[1, 2., 3]"),
        Spoiled(fault: "a plus sign", row: 22_222, text: "[1, +2, 3]"),
        Spoiled(fault: "a trailing comma", row: 29_999, text: "[1, 2, 3],"),
        Spoiled(fault: "a missing comma", row: 12_345, text: "[1, 2 3]"),
        Spoiled(fault: "a missing bracket", row: 17_000, text: "[1, 2, 3"),
    ])
    func anythingButAWellFormedMatrixIsLeftToTheSequentialPath(_ spoiled: Spoiled) throws {
        var rows = (0..<30_000).map { "[\($0).25, -1, 3e1]" }
        rows[spoiled.row] = spoiled.text
        let bytes = Array(("[" + rows.joined(separator: ",") + "]").utf8)
        #expect(Self.parallel(bytes, threads: 4) == nil)
        // The whole parse agrees with the sequential path: generic arrays or its error, never numbers.
        if case .numbers = try? JSONParser.parse(bytes) { Issue.record("read as a matrix") }
    }

    /// Many small matrices before a large one: each small one could send pieces through the rest of the body, so what
    /// they read in vain is charged to the budget, which runs out after about one body's worth; the values stay right.
    @Test func smallMatricesBeforeALargeOneCostAtMostOneExtraPass() throws {
        let small = Array(repeating: "[[1, 2]]", count: 2_000).joined(separator: ",")
        let large = Self.matrixText(rows: 3_000, columns: 8, seed: 9)
        let bytes = Array((#"{"a": ["# + small + #", [1]], "b": "# + large + "}").utf8)
        let (value, budget) = try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(base: buffer.baseAddress!, count: buffer.count)
            return (try scanner.parseDocument(), scanner.parallelBudget)
        }
        #expect(budget <= 0)
        #expect(budget > -2 * bytes.count)
        guard case .object(let members) = value, case .numbers(let b, _) = try #require(members.last?.value),
            case .array(let a) = try #require(members.first?.value)
        else {
            Issue.record("an object of a and b")
            return
        }
        #expect(a.count == 2_001)
        #expect(b.shape == [3_000, 8])
        #expect(b.data.map(\.bitPattern) == (try Self.sequential(Array(large.utf8)))?.array.data.map(\.bitPattern))
    }

    @Test func aVectorOrASmallMatrixStaysOnOneThread() throws {
        let vector = Array(("[" + (0..<60_000).map { "\($0).5" }.joined(separator: ",") + "]").utf8)
        #expect(Self.parallel(vector, threads: 4) == nil)
        guard case .numbers(let array, _) = try JSONParser.parse(vector) else {
            Issue.record("a vector is numbers")
            return
        }
        #expect(array.shape == [60_000])
        let small = Array(Self.matrixText(rows: 10, columns: 3).utf8)
        #expect(Self.parallel(small, threads: 4) == nil)
    }

    /// A matrix followed by other members, among them a larger matrix of another width: cuts that fall past the
    /// first matrix's end are dropped, and each matrix is read whole.
    @Test func aMatrixInsideAnObjectIsReadWhole() throws {
        let matrix = Self.matrixText(rows: 3_000, columns: 8, seed: 5)
        let later = Self.matrixText(rows: 9_000, columns: 5, seed: 6)
        let body = #"{"model": "m", "x": "# + matrix + #", "note": "],[1],[", "later": "# + later + #", "threshold": 0.25}"#
        guard case .object(let members) = try JSONParser.parse(body) else {
            Issue.record("an object")
            return
        }
        let x = try #require(members.first { $0.key == "x" }?.value)
        guard case .numbers(let array, _) = x else {
            Issue.record("x is numbers")
            return
        }
        let expected = try #require(try Self.sequential(Array(matrix.utf8)))
        #expect(array.data.map(\.bitPattern) == expected.array.data.map(\.bitPattern))
        #expect(array.shape == [3_000, 8])
        guard case .numbers(let laterArray, _) = try #require(members.first { $0.key == "later" }?.value) else {
            Issue.record("later is numbers")
            return
        }
        #expect(laterArray.shape == [9_000, 5])
        #expect(members.last?.key == "threshold")
    }
}
