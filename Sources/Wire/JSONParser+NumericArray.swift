import Engine

/// The fast path for arrays: a rectangular nested array of number tokens is read in one pass into one flat
/// `[Double]` plus its shape, with no per-row arrays.
///
/// When the array turns out ragged or holds anything but numbers, the attempt gives up and the caller
/// re-parses the array generically from its start. To keep that linear, the attempt records which open
/// arrays cannot be numeric either (`notNumeric`), so the generic parse does not retry them.
extension JSONScanner {
    /// A rectangular array of numbers found by the fast path.
    struct NumericArray {
        var array: NDArray
        var tokens: NumberTokens
    }

    /// Why an attempt gave up.
    private enum Failure {
        /// An element that is not a number or array (or a syntax error): every open array fails too.
        case nonNumber
        /// A count or depth mismatch found in the array at this level: the arrays above it fail too.
        case shape(level: Int)
    }

    /// Reads the array at `pos` ('[') as a rectangular array of numbers, or returns nil (leaving `pos`
    /// anywhere) when it is not one. Syntax errors found on the way are thrown as they are.
    mutating func parseNumericArray(depth: Int) throws(WireError) -> NumericArray? {
        var data: [Double] = []
        var allIntegers = true
        var allFinite = true
        var ndim = -1
        var expected: [Int] = [-1]
        var counts: [Int] = [0]
        var starts: [Int] = [pos]
        var level = 0
        var first = true
        pos += 1

        func giveUp(_ failure: Failure, level: Int, starts: [Int], scanner: inout JSONScanner) -> NumericArray? {
            let poisoned: Int
            switch failure {
            case .nonNumber: poisoned = level + 1
            case .shape(let at): poisoned = at
            }
            // The root (index 0) needs no mark: the caller parses it generically right away.
            for index in 0..<poisoned where index > 0 {
                scanner.notNumeric.insert(starts[index])
            }
            return nil
        }

        while true {
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            let byte = base[pos]
            if first && byte == UInt8(ascii: "]") {
                pos += 1
                if ndim < 0 { ndim = level + 1 }
            } else if byte == UInt8(ascii: "[") {
                if ndim >= 0 && level >= ndim - 1 { return giveUp(.shape(level: level), level: level, starts: starts, scanner: &self) }
                if depth + level + 1 >= JSONParser.maxDepth { throw depthError(at: pos) }
                counts[level] += 1
                if expected[level] >= 0 && counts[level] > expected[level] {
                    return giveUp(.shape(level: level), level: level, starts: starts, scanner: &self)
                }
                level += 1
                if level == starts.count {
                    starts.append(pos)
                    counts.append(0)
                    expected.append(-1)
                } else {
                    starts[level] = pos
                    counts[level] = 0
                }
                pos += 1
                first = true
                continue
            } else if byte == UInt8(ascii: "-") || Self.isDigit(byte) {
                if ndim < 0 {
                    ndim = level + 1
                } else if level != ndim - 1 {
                    return giveUp(.shape(level: level), level: level, starts: starts, scanner: &self)
                }
                var count = counts[level]
                leaf: while true {
                    let token = try scanNumber()
                    data.append(token.value)
                    allIntegers = allIntegers && token.isInteger
                    allFinite = allFinite && token.value.isFinite
                    count += 1
                    skipWhitespace()
                    guard pos < end else { throw endOfInput() }
                    let next = base[pos]
                    pos += 1
                    if next == UInt8(ascii: "]") { break leaf }
                    guard next == UInt8(ascii: ",") else {
                        return giveUp(.nonNumber, level: level, starts: starts, scanner: &self)
                    }
                    skipWhitespace()
                    guard pos < end else { throw endOfInput() }
                    let following = base[pos]
                    if following == UInt8(ascii: "-") || Self.isDigit(following) { continue leaf }
                    if following == UInt8(ascii: "[") {
                        return giveUp(.shape(level: level), level: level, starts: starts, scanner: &self)
                    }
                    return giveUp(.nonNumber, level: level, starts: starts, scanner: &self)
                }
                counts[level] = count
            } else {
                return giveUp(.nonNumber, level: level, starts: starts, scanner: &self)
            }

            // `pos` is just past the ']' of the array at `level`: close it and any parents that end here.
            while true {
                if expected[level] < 0 {
                    expected[level] = counts[level]
                } else if counts[level] != expected[level] {
                    return giveUp(.shape(level: level), level: level, starts: starts, scanner: &self)
                }
                if level == 0 {
                    let shape = Array(expected[0..<ndim])
                    return NumericArray(array: NDArray(shape: shape, data: data), tokens: NumberTokens(allIntegers: allIntegers, allFinite: allFinite))
                }
                level -= 1
                skipWhitespace()
                guard pos < end else { throw endOfInput() }
                let next = base[pos]
                pos += 1
                if next == UInt8(ascii: ",") { break }
                if next == UInt8(ascii: "]") { continue }
                return giveUp(.nonNumber, level: level, starts: starts, scanner: &self)
            }
            first = false
        }
    }
}
