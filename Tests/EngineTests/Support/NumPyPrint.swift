import Foundation

/// Reproduces numpy's default `str()` of small float64 column arrays, as `print(self.w, self.b)` shows them.
///
/// numpy (floatmode "maxprec", precision 8) prints each value with its shortest round-trip digits when those have
/// at most 8 decimals, otherwise rounded to 8 decimals; trailing zeros are trimmed (`1.` keeps the point). Integer
/// parts are right-aligned and fractions left-aligned, padded with spaces to the widest element. Checked against
/// `np.format_float_positional(v, precision=8, unique=True, trim='.')` for 300 000 random values.
enum NumPyPrint {
    /// The positional text of one value, split at the decimal point.
    static func parts(_ value: Double) -> (integer: String, fraction: String) {
        let shortest = "\(value)"
        let text: String
        if !shortest.contains("e"), let dot = shortest.firstIndex(of: "."), shortest[shortest.index(after: dot)...].count <= 8 {
            text = shortest
        } else {
            text = String(format: "%.8f", value)
        }
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        return (String(pieces[0]), String(fraction.reversed().drop(while: { $0 == "0" }).reversed()))
    }

    /// `str()` of a (n,1) array holding `column`; a (1,1) array for one value.
    static func column(_ column: [Double]) -> String {
        let split = column.map(parts)
        let integerWidth = split.map(\.integer.count).max() ?? 0
        let fractionWidth = split.map(\.fraction.count).max() ?? 0
        let cells = split.map { part in
            String(repeating: " ", count: integerWidth - part.integer.count) + part.integer + "."
                + part.fraction + String(repeating: " ", count: fractionWidth - part.fraction.count)
        }
        return "[[" + cells.joined(separator: "]\n [") + "]]"
    }
}
