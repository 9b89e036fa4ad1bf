import Engine

/// A CSV split for training: features `x` (n, d) row-major and the label column `y` (n,).
public struct CSVTrainingColumns: Sendable, Equatable {
    /// The features, `(rows, featureNames.count)`, in file order.
    public let x: NDArray
    /// The label column, `(rows,)`.
    public let y: NDArray
    /// The feature columns' names, in the order of `x`'s columns (the model remembers them).
    public let featureNames: [String]
    /// The label column's name.
    public let labelName: String
}

/// A CSV split for prediction: the model's features `x` (n, d) in the model's order, and the columns to pass through.
public struct CSVPredictionInput: Sendable, Equatable {
    /// The features, `(rows, features.count)`, in the model's column order.
    public let x: NDArray
    /// Every other column, as text, in file order.
    public let passThrough: CSVTextColumns
}

extension CSVTable {
    /// Splits a table read with ``CSVNumericColumns/training(label:)``: `label` (default: the last numeric column)
    /// becomes `y`, every other numeric column a feature. Rows are compacted in place, so `x` costs no second buffer.
    public consuming func trainingColumns(label: String? = nil) throws(CSVError) -> CSVTrainingColumns {
        let names = numericColumnNames
        let labelIndex: Int
        if let label {
            guard let index = names.firstIndex(of: label) else { throw .missingColumns([label]) }
            labelIndex = index
        } else {
            guard !names.isEmpty else { throw .noHeader }
            labelIndex = names.count - 1
        }
        let labelName = names[labelIndex]
        guard names.count > 1 else { throw .noFeatureColumns(label: labelName) }
        let width = names.count
        let features = width - 1
        let n = rowCount
        var data = numbers
        numbers = []
        var y = [Double](repeating: 0, count: n)
        data.withUnsafeMutableBufferPointer { table in
            y.withUnsafeMutableBufferPointer { labels in
                guard let base = table.baseAddress else { return }
                // Row r moves from r * width to r * features: never ahead of where it is read, so in place is safe.
                for r in 0..<n {
                    let source = base + r * width
                    labels[r] = source[labelIndex]
                    let target = base + r * features
                    // copyMemory is a memmove: the regions of consecutive rows may overlap.
                    if labelIndex > 0 {
                        UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: labelIndex * 8)
                    }
                    if labelIndex < features {
                        UnsafeMutableRawPointer(target + labelIndex).copyMemory(
                            from: source + labelIndex + 1, byteCount: (features - labelIndex) * 8)
                    }
                }
            }
        }
        data.removeLast(data.count - n * features)
        var featureNames = names
        featureNames.remove(at: labelIndex)
        return CSVTrainingColumns(
            x: NDArray(shape: [n, features], data: data), y: NDArray(shape: [n], data: y),
            featureNames: featureNames, labelName: labelName)
    }

    /// Splits a table read with ``CSVNumericColumns/prediction(features:)``: `x` in the order of `features`, and the
    /// text columns to pass through. A feature missing from the table is ``CSVError/missingColumns(_:)`` naming
    /// every missing one. (Numeric columns that are not features are dropped; read with `.prediction` to keep them.)
    public consuming func predictionInput(features: [String]) throws(CSVError) -> CSVPredictionInput {
        let names = numericColumnNames
        let passThrough = text
        if names == features {
            let data = numbers
            numbers = []
            return CSVPredictionInput(x: NDArray(shape: [rowCount, features.count], data: data), passThrough: passThrough)
        }
        var indexOf: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexOf[name] == nil { indexOf[name] = index }
        let missing = features.filter { indexOf[$0] == nil }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        let sources = features.compactMap { indexOf[$0] }
        let width = names.count
        let d = features.count
        let n = rowCount
        let data = [Double](unsafeUninitializedCapacity: n * d) { out, initialized in
            numbers.withUnsafeBufferPointer { table in
                for r in 0..<n {
                    for (c, source) in sources.enumerated() { out[r * d + c] = table[r * width + source] }
                }
            }
            initialized = n * d
        }
        return CSVPredictionInput(x: NDArray(shape: [n, d], data: data), passThrough: passThrough)
    }
}
