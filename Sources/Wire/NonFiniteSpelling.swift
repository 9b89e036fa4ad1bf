/// How descent's JSON spells the numbers JSON cannot: the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, in
/// `/broadcast`'s input and output, in every encoded response and in messages. Written here only.
public enum NonFiniteSpelling {
    public static let nan = "NaN"
    public static let infinity = "Infinity"
    public static let negativeInfinity = "-Infinity"

    /// The value a spelling stands for, or nil.
    public static func value(of text: String) -> Double? {
        switch text {
        case nan: .nan
        case infinity: .infinity
        case negativeInfinity: -.infinity
        default: nil
        }
    }

    /// How a value is written in messages: a spelling above, or its shortest round-trip form ("1.5").
    public static func text(of value: Double) -> String {
        if value.isNaN { return nan }
        if value.isInfinite { return value < 0 ? negativeInfinity : infinity }
        return "\(value)"
    }
}
