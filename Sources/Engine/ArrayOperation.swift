/// An operation over two arrays, as `/broadcast` offers them: an elementwise ufunc, `matmul` or `dot`.
public enum ArrayOperation: Sendable, Hashable {
    case elementwise(BinaryOperation)
    case matmul
    case dot

    /// The operation named by its NumPy name (`add` … `minimum`, `matmul`, `dot`) or by a Python operator
    /// symbol (`+ - * / ** @`).
    public init?(_ name: String) {
        switch name {
        case "+": self = .elementwise(.add)
        case "-": self = .elementwise(.subtract)
        case "*": self = .elementwise(.multiply)
        case "/": self = .elementwise(.divide)
        case "**": self = .elementwise(.power)
        case "@", "matmul": self = .matmul
        case "dot": self = .dot
        default:
            guard let operation = BinaryOperation(rawValue: name) else { return nil }
            self = .elementwise(operation)
        }
    }

    /// The canonical NumPy name.
    public var name: String {
        switch self {
        case .elementwise(let operation): operation.rawValue
        case .matmul: "matmul"
        case .dot: "dot"
        }
    }

    /// Every accepted spelling: the names, then the symbols.
    public static var allNames: [String] {
        BinaryOperation.allCases.map(\.rawValue) + ["matmul", "dot", "+", "-", "*", "/", "**", "@"]
    }

    /// The shape `apply` produces, or NumPy's error for these operand shapes. Allocates nothing
    /// proportional to the operands, so callers can check size limits first.
    public func resultShape(_ a: [Int], _ b: [Int]) throws(NumPyError) -> [Int] {
        switch self {
        case .elementwise: try Broadcasting.operandShape([a, b])
        case .matmul: try LinearAlgebra.matmulShape(a, b).shape
        case .dot: try LinearAlgebra.dotShape(a, b)
        }
    }

    /// `a <op> b` with NumPy's semantics.
    public func apply(_ a: NDArray, _ b: NDArray) throws(NumPyError) -> NDArray {
        switch self {
        case .elementwise(let operation): try operation.apply(a, b)
        case .matmul: try LinearAlgebra.matmul(a, b)
        case .dot: try LinearAlgebra.dot(a, b)
        }
    }
}
