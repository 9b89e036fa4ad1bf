/// An error whose message is NumPy's own text, byte for byte.
///
/// Thrown by broadcasting, elementwise operations, `matmul`, `dot` and seeding, so callers can show
/// users exactly what `numpy` would have said (including trailing spaces NumPy leaves in).
public struct NumPyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// NumPy's message (the text of its `ValueError`).
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
