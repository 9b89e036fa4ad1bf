import Dispatch
import Engine
import Foundation

/// The numeric fast path on several cores, for a large matrix (`[[1, 2], [3, 4], …]`, rows of number tokens): a
/// prediction of 10,000 rows spends most of its request reading numbers, and rows can be read independently.
///
/// 1. The text after the array's `[` is cut into pieces (four per thread), each cut just after a `],` that looks like
///    the end of a row (the nearest to an even split).
/// 2. Each piece is read by the next free thread with the same `scanNumber` as the sequential path (the same correctly
///    rounded values), as rows of numbers separated by commas, into its own buffer. A piece stops at its end, or
///    earlier at a `]` after a row: the end of the whole array.
/// 3. The result stands only if the pieces read contiguously from the first row to the array's end: then every cut
///    was a real row boundary, and the text is exactly a matrix the sequential path would read. Pieces after the
///    array's end (a cut that fell in a later member) are dropped.
///
/// Anything unexpected (an empty, ragged or nested row, a string, a syntax error) makes it give up and leave the
/// array to the sequential fast path, which reads it again and reports the fault as it always has. Each piece holds
/// its numbers until they are joined, so the path is taken only for bodies up to ``parallelMatrixMaxBytes``: a
/// larger one (a big `/train`) is read on one core without the extra copy. What pieces read in vain is charged to
/// the scanner's `parallelBudget` (the body's size), so the path never costs more than one extra pass.
extension JSONScanner {
    /// Arrays in less text than this (bytes) are read on one core: below it, waking threads costs more than it saves.
    static let parallelMatrixMinBytes = 1 << 18
    /// Bodies with more text than this after the array's start are read on one core (memory: the pieces' numbers
    /// are copied once into the result).
    static let parallelMatrixMaxBytes = 64 << 20
    /// The least text a piece gets.
    static let parallelMatrixBytesPerPiece = 1 << 17
    /// How far from an even split a cut is looked for.
    static let parallelMatrixCutSearchBytes = 1 << 16
    /// The threads a large matrix is read on: the cores this process may use.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Reads the array at `pos` (`[`) on several threads when it is a large matrix of numbers; nil otherwise, with
    /// `pos` unchanged.
    mutating func parseNumericMatrixInParallel(depth: Int, threads available: Int = JSONScanner.cores) -> NumericArray? {
        let start = pos
        let length = end - start
        guard available >= 2, depth + 2 < JSONParser.maxDepth, length >= Self.parallelMatrixMinBytes,
            length <= Self.parallelMatrixMaxBytes, parallelBudget > 0
        else { return nil }
        // A matrix's first element is a row.
        var first = start + 1
        while first < end && Self.isWhitespace(base[first]) { first += 1 }
        guard first < end, base[first] == UInt8(ascii: "[") else { return nil }

        // Four pieces per thread, taken as threads come free: a thread that another process preempts holds up less.
        let pieces = cutIntoPieces(from: first, parts: min(available * 4, length / Self.parallelMatrixBytesPerPiece))
        guard pieces.count >= 2 else { return nil }
        let reads = PieceReads(base: base, pieces: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { index in reads.read(index) }

        // Contiguous from the first row to the array's end, every row as wide as the first.
        var used = 0
        var close: Int?
        let width = reads.results[0].width
        for index in pieces.indices {
            let piece = reads.results[index]
            guard piece.width == width, width > 0 else { break }
            used += 1
            if let arrayEnd = piece.arrayEnd {
                close = arrayEnd
                break
            }
            guard piece.readToEnd else { break }
        }
        guard let close else {
            parallelBudget -= pieces.reduce(0) { $0 + $1.count }
            return nil
        }
        parallelBudget -= pieces[used...].reduce(0) { $0 + $1.count }
        let results = reads.results[0..<used]
        let total = results.reduce(0) { $0 + $1.numbers.count }
        var data: [Double] = []
        data.reserveCapacity(total)
        for piece in results { data.append(contentsOf: piece.numbers) }
        pos = close + 1
        return NumericArray(
            array: NDArray(shape: [total / width, width], data: data),
            tokens: NumberTokens(allIntegers: results.allSatisfy(\.allIntegers), allFinite: results.allSatisfy(\.allFinite)))
    }

    /// Up to `parts` pieces from `first` (a row's `[`) on: each later piece starts at the `[` after a `]`, a comma and
    /// whitespace, the first such after an even split within ``parallelMatrixCutSearchBytes``; the last runs to the
    /// end of the body.
    private func cutIntoPieces(from first: Int, parts: Int) -> [Range<Int>] {
        guard parts >= 2 else { return [] }
        var pieces: [Range<Int>] = []
        var lower = first
        for part in 1..<parts {
            var cut = max(lower + 1, first + (end - first) * part / parts)
            let limit = min(end, cut + Self.parallelMatrixCutSearchBytes)
            var next: Int?
            while cut < limit, next == nil {
                if base[cut] == UInt8(ascii: "]") {
                    var index = cut + 1
                    while index < end && Self.isWhitespace(base[index]) { index += 1 }
                    if index < end && base[index] == UInt8(ascii: ",") {
                        index += 1
                        while index < end && Self.isWhitespace(base[index]) { index += 1 }
                        if index < end && base[index] == UInt8(ascii: "[") { next = index }
                    }
                }
                cut += 1
            }
            guard let next else { break }
            pieces.append(lower..<next)
            lower = next
        }
        pieces.append(lower..<end)
        return pieces
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// The pieces of one parallel read and what reading each found.
///
/// `@unchecked Sendable` is safe: it lives only for one `parseNumericMatrixInParallel` call, whose
/// `concurrentPerform` returns after every iteration; the text is only read, and iteration `i` writes only
/// `results[i]` (a buffer allocated before and read only after the `concurrentPerform`).
private final class PieceReads: @unchecked Sendable {
    /// What a piece held.
    struct Piece {
        var numbers: [Double] = []
        /// Numbers in the first row (every row of the piece has as many); 0 if it has none.
        var width = 0
        /// The piece was rows and commas up to its end, where the next piece's row starts.
        var readToEnd = false
        /// Where the whole array's `]` is, when the piece reached it.
        var arrayEnd: Int?
        var allIntegers = true
        var allFinite = true
    }

    let base: UnsafePointer<UInt8>
    let pieces: [Range<Int>]
    let results: UnsafeMutableBufferPointer<Piece>

    init(base: UnsafePointer<UInt8>, pieces: [Range<Int>]) {
        self.base = base
        self.pieces = pieces
        results = .allocate(capacity: pieces.count)
        results.initialize(repeating: Piece())
    }

    deinit {
        _ = results.deinitialize()
        results.deallocate()
    }

    /// Reads piece `index`: `[` numbers `]`, then `,` and the next row or the piece's end, or `]` (the array's end).
    /// Leaves `readToEnd` false and `arrayEnd` nil on anything else.
    func read(_ index: Int) {
        let piece = pieces[index]
        var scanner = JSONScanner(base: base, count: piece.upperBound)
        scanner.pos = piece.lowerBound
        var result = Piece()
        // Numbers are 8 to 25 bytes of text with their comma.
        result.numbers.reserveCapacity(piece.count / 8)
        var width = -1
        while true {
            // At a row's `[`.
            scanner.pos += 1
            var count = 0
            while true {
                scanner.skipWhitespace()
                guard scanner.pos < scanner.end else { return }
                let byte = base[scanner.pos]
                guard byte == UInt8(ascii: "-") || JSONScanner.isDigit(byte), let token = try? scanner.scanNumber() else { return }
                result.numbers.append(token.value)
                result.allIntegers = result.allIntegers && token.isInteger
                result.allFinite = result.allFinite && token.value.isFinite
                count += 1
                scanner.skipWhitespace()
                guard scanner.pos < scanner.end else { return }
                let next = base[scanner.pos]
                scanner.pos += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else { return }
            }
            if width < 0 { width = count } else if count != width { return }
            result.width = width
            scanner.skipWhitespace()
            guard scanner.pos < scanner.end else { return }
            let next = base[scanner.pos]
            if next == UInt8(ascii: "]") {
                result.arrayEnd = scanner.pos
                break
            }
            guard next == UInt8(ascii: ",") else { return }
            scanner.pos += 1
            scanner.skipWhitespace()
            if scanner.pos == scanner.end {
                // The next piece's row starts here (the last piece runs to the body's end, so it cannot end here).
                result.readToEnd = true
                break
            }
            guard base[scanner.pos] == UInt8(ascii: "[") else { return }
        }
        results[index] = result
    }
}
