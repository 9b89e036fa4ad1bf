/// The two ways NumPy writes a shape in its error messages.
enum ShapeText {
    /// The C-level form used by ufunc and `dot` errors: no spaces, `(3,4)`, `(3,)`, `()`.
    static func compact(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
    }

    /// Python's tuple `repr`, used by `np.broadcast_shapes`: `(3, 4)`, `(3,)`, `()`.
    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
