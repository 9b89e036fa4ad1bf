import Foundation

/// How test values are compared with numpy's.
enum Compare {
    /// Bit-exact equality; any NaN matches any NaN. With `zeroSign: false`, `0.0` and `-0.0` also match.
    static func exact(_ got: Double, _ expected: Double, zeroSign: Bool = true) -> Bool {
        if expected.isNaN { return got.isNaN }
        if !zeroSign && expected == 0 { return got == 0 }
        return got.bitPattern == expected.bitPattern
    }

    /// `|got - expected| <= tolerance * max(1, |expected|)`; infinities and NaN must match exactly.
    static func close(_ got: Double, _ expected: Double, relative tolerance: Double) -> Bool {
        if expected.isNaN { return got.isNaN }
        if expected.isInfinite { return got == expected }
        guard got.isFinite else { return false }
        return abs(got - expected) <= tolerance * max(1, abs(expected))
    }

    /// `|got - expected| <= tolerance`.
    static func within(_ got: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        got.isFinite && abs(got - expected) <= tolerance
    }

    /// The first index where `exact` fails, as text for an expectation comment, or nil.
    static func firstMismatch(_ got: [Double], _ expected: [Double], zeroSign: Bool = true) -> String? {
        guard got.count == expected.count else { return "count \(got.count) != \(expected.count)" }
        for index in got.indices where !exact(got[index], expected[index], zeroSign: zeroSign) {
            return "[\(index)]: got \(got[index]) (\(hex(got[index]))), expected \(expected[index]) (\(hex(expected[index])))"
        }
        return nil
    }

    /// The first index where `close` fails, as text, or nil.
    static func firstDistant(_ got: [Double], _ expected: [Double], relative tolerance: Double) -> String? {
        guard got.count == expected.count else { return "count \(got.count) != \(expected.count)" }
        for index in got.indices where !close(got[index], expected[index], relative: tolerance) {
            return "[\(index)]: got \(got[index]), expected \(expected[index])"
        }
        return nil
    }

    static func hex(_ value: Double) -> String { "0x" + String(value.bitPattern, radix: 16) }
}
