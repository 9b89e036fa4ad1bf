/// Which columns of a CSV hold numbers (parsed to doubles) and which are kept as text, decided once the header is read.
///
/// Both uses share one scanner: training reads every column as a number; prediction reads the model's
/// feature columns as numbers and keeps every other column, whatever it holds (an id, a name), as text to pass through.
public enum CSVNumericColumns: Sendable, Equatable {
    /// Every column is numeric, in file order; the header must name each of `requiring` (e.g. the label).
    case allColumns(requiring: [String])
    /// Exactly these columns are numeric, in this order in each row of ``CSVTable/numbers`` (whatever their order
    /// in the file), and the header must name them all; every other column is text. The names must be distinct.
    case only([String])

    /// Training: every column a number, and the label column (when named) present.
    public static func training(label: String?) -> CSVNumericColumns {
        .allColumns(requiring: label.map { [$0] } ?? [])
    }

    /// Prediction: the model's features as numbers in the model's order, every other column passed through as text.
    public static func prediction(features: [String]) -> CSVNumericColumns {
        .only(features)
    }
}
