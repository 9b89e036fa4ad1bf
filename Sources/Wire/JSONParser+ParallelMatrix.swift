import Dispatch
import Engine
import Foundation

/// The numeric fast path on several cores, for a large matrix (`[[1, 2], [3, 4], …]`, rows of number tokens): a
/// prediction of 10,000 rows or a training set spends most of its request in reading numbers, and rows can be read
/// independently.
///
/// 1. One pass finds where the array ends, checking that it holds only number bytes, commas, whitespace and brackets
///    two deep (so no string can hide a bracket).
/// 2. The rows are cut into one byte range per thread, after a row's closing bracket and its comma.
/// 3. Each range counts its commas (a range of r well-formed rows of numbers holds commas + 1 numbers), so each
///    knows where its numbers go in the one result buffer.
/// 4. Each range reads its rows with the same `scanNumber` as the sequential path (the same correctly rounded
///    values) straight into its part of the buffer, checking every row's width.
///
/// Anything unexpected (an empty or ragged row, a count that does not match, a syntax error) makes it give up and
/// leaves the array to the sequential fast path, which reads it again and reports the fault as it always has. The
/// value and the tokens' flags are those the sequential path gives.
extension JSONScanner {
    /// Arrays shorter than this (bytes) are read on one core: below it, waking threads costs more than it saves.
    static let parallelMatrixMinBytes = 1 << 18
    /// The least text each thread gets.
    static let parallelMatrixBytesPerThread = 1 << 17
    /// The threads a large matrix is read on: the cores this process may use.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// What a byte is to the extent scan.
    private enum ByteClass: UInt8 {
        case plain = 0, open, close, other
    }

    /// Number bytes, commas and whitespace are `plain`; brackets open and close; anything else ends the attempt.
    private static let byteClasses: [ByteClass] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"),
            UInt8(ascii: "E"), UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
            .plain
        case UInt8(ascii: "["): .open
        case UInt8(ascii: "]"): .close
        default: .other
        }
    }

    /// Reads the array at `pos` (`[`) on several threads when it is a large matrix of numbers; nil otherwise, with
    /// `pos` unchanged.
    mutating func parseNumericMatrixInParallel(depth: Int, threads available: Int = JSONScanner.cores) -> NumericArray? {
        let start = pos
        guard available >= 2, depth + 2 < JSONParser.maxDepth else { return nil }
        guard let close = matrixEnd(from: start) else { return nil }
        let threads = min(available, (close - start) / Self.parallelMatrixBytesPerThread)
        guard threads >= 2 else { return nil }
        let ranges = rowRanges(from: start + 1, to: close, parts: threads)
        guard ranges.count >= 2 else { return nil }

        let work = MatrixWork(base: base, ranges: ranges)
        defer { work.deallocate() }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in work.countNumbers(index) }
        guard let total = work.placeRanges() else { return nil }
        let width = work.firstRowWidth()
        guard width > 0, total % width == 0 else { return nil }
        var failed = false
        let data = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let target = buffer.baseAddress else { return }
            work.target = target
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in work.readRows(index, width: width) }
            failed = !work.allRead
            // Doubles need no deinitialisation: on failure the buffer is simply dropped.
            initialized = failed ? 0 : total
        }
        guard !failed else { return nil }
        pos = close + 1
        return NumericArray(
            array: NDArray(shape: [total / width, width], data: data),
            tokens: NumberTokens(allIntegers: work.allIntegers, allFinite: work.allFinite))
    }

    /// The offset of the `]` that closes the array at `start`, when everything up to it is number bytes, commas,
    /// whitespace and brackets at most two deep, and the first element is an array (a matrix, not a vector).
    private func matrixEnd(from start: Int) -> Int? {
        var level = 0
        var index = start
        let classes = Self.byteClasses
        return classes.withUnsafeBufferPointer { classes -> Int? in
            while index < end {
                switch classes[Int(base[index])] {
                case .plain:
                    break
                case .open:
                    level += 1
                    if level > 2 { return nil }
                case .close:
                    level -= 1
                    if level == 0 { return index }
                case .other:
                    return nil
                }
                index += 1
            }
            return nil
        }
    }

    /// Up to `parts` ranges of whole rows between `first` (just inside the outer `[`) and `close` (its `]`), each
    /// cut after a row's `]` and the comma that follows it (the comma belongs to neither range).
    private func rowRanges(from first: Int, to close: Int, parts: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var lower = first
        for part in 1..<parts {
            var cut = first + (close - first) * part / parts
            if cut < lower { continue }
            while cut < close && base[cut] != UInt8(ascii: "]") { cut += 1 }
            var comma = cut + 1
            while comma < close && Self.isWhitespace(base[comma]) { comma += 1 }
            guard comma < close, base[comma] == UInt8(ascii: ",") else { break }
            ranges.append(lower..<comma)
            lower = comma + 1
        }
        ranges.append(lower..<close)
        return ranges
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// The state the threads of one parallel read share: the ranges, each range's count and place, and the flags.
///
/// `@unchecked Sendable` is safe: it lives only for one `parseNumericMatrixInParallel` call, whose
/// `concurrentPerform`s return after every iteration; the text is only read; iteration `i` writes only slot `i` of the
/// per-range arrays and only its own `[offsets[i], offsets[i] + counts[i])` of `target`, ranges that
/// `placeRanges` made disjoint; everything else is read or written between the `concurrentPerform`s, by one thread.
private final class MatrixWork: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let ranges: [Range<Int>]
    /// Per range: numbers (commas + 1), where they start in `target`, and what reading them found.
    let counts: UnsafeMutableBufferPointer<Int>
    let offsets: UnsafeMutableBufferPointer<Int>
    let results: UnsafeMutableBufferPointer<RangeResult>
    var target: UnsafeMutablePointer<Double>?

    struct RangeResult {
        var read = false
        var allIntegers = true
        var allFinite = true
    }

    init(base: UnsafePointer<UInt8>, ranges: [Range<Int>]) {
        self.base = base
        self.ranges = ranges
        counts = .allocate(capacity: ranges.count)
        counts.initialize(repeating: 0)
        offsets = .allocate(capacity: ranges.count)
        offsets.initialize(repeating: 0)
        results = .allocate(capacity: ranges.count)
        results.initialize(repeating: RangeResult())
    }

    func deallocate() {
        counts.deallocate()
        offsets.deallocate()
        results.deallocate()
    }

    func countNumbers(_ index: Int) {
        var commas = 0
        for offset in ranges[index] where base[offset] == UInt8(ascii: ",") { commas &+= 1 }
        counts[index] = commas + 1
    }

    /// Lays the ranges' numbers out one after another; the total, or nil if it would not fit an `Int`.
    func placeRanges() -> Int? {
        var total = 0
        for index in 0..<ranges.count {
            offsets[index] = total
            let (sum, overflow) = total.addingReportingOverflow(counts[index])
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    /// The number of values in the first row: the commas before its `]`, plus one (0 when it is not a row).
    func firstRowWidth() -> Int {
        var index = ranges[0].lowerBound
        while index < ranges[0].upperBound && JSONScanner.isWhitespace(base[index]) { index += 1 }
        guard index < ranges[0].upperBound, base[index] == UInt8(ascii: "[") else { return 0 }
        var commas = 0
        index += 1
        while index < ranges[0].upperBound {
            let byte = base[index]
            if byte == UInt8(ascii: "]") { return commas + 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
            index += 1
        }
        return 0
    }

    /// Reads range `index`: rows of exactly `width` numbers separated by commas, into its place in `target`.
    func readRows(_ index: Int, width: Int) {
        guard let target else { return }
        let range = ranges[index]
        var scanner = JSONScanner(base: base, count: range.upperBound)
        scanner.pos = range.lowerBound
        var out = target + offsets[index]
        let stop = out + counts[index]
        var result = RangeResult()
        rows: while true {
            scanner.skipWhitespace()
            guard scanner.pos < scanner.end, base[scanner.pos] == UInt8(ascii: "[") else { return }
            scanner.pos += 1
            for column in 0..<width {
                scanner.skipWhitespace()
                guard scanner.pos < scanner.end, out < stop else { return }
                let byte = base[scanner.pos]
                guard byte == UInt8(ascii: "-") || JSONScanner.isDigit(byte) else { return }
                guard let token = try? scanner.scanNumber() else { return }
                out.initialize(to: token.value)
                out += 1
                result.allIntegers = result.allIntegers && token.isInteger
                result.allFinite = result.allFinite && token.value.isFinite
                scanner.skipWhitespace()
                guard scanner.pos < scanner.end else { return }
                let next = base[scanner.pos]
                scanner.pos += 1
                guard next == (column == width - 1 ? UInt8(ascii: "]") : UInt8(ascii: ",")) else { return }
            }
            scanner.skipWhitespace()
            if scanner.pos == scanner.end { break rows }
            guard base[scanner.pos] == UInt8(ascii: ","), out < stop else { return }
            scanner.pos += 1
        }
        result.read = out == stop
        results[index] = result
    }

    var allRead: Bool { results.allSatisfy(\.read) }
    var allIntegers: Bool { results.allSatisfy(\.allIntegers) }
    var allFinite: Bool { results.allSatisfy(\.allFinite) }
}
