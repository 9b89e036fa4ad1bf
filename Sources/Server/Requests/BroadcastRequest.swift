import Engine
import Wire

/// The body of `POST /broadcast`: either shapes to broadcast, or an operation over two arrays.
///
/// Exactly one form: `{"shapes": [...]}` or `{"op": ..., "a": ..., "b": ...}` (neither, both, or a partial
/// operation is 400). Operands accept "NaN", "Infinity" and "-Infinity" and are each held to
/// `maxBroadcastElements` here; the route checks the result with `checkResultSize` once the engine has
/// computed its shape (so NumPy's own shape errors come first).
struct BroadcastRequest {
    /// What to compute.
    enum Kind {
        /// `np.broadcast_shapes(*shapes)`.
        case shapes([[Int]])
        /// `a <op> b`.
        case operation(ArrayOperation, a: NDArray, b: NDArray)
    }

    /// Most shapes one request may list.
    static let maxShapes = 10_000

    let kind: Kind

    init(json: JSONValue, limits: Limits) throws(WireError) {
        let body = try ObjectMembers(json, allowed: ["shapes", "op", "a", "b"])
        let hasOperation = body.has("op") || body.has("a") || body.has("b")
        if body.has("shapes") {
            guard !hasOperation else {
                let extra = ["op", "a", "b"].first { body.has($0) } ?? "op"
                throw WireError.badRequest("give either 'shapes' or 'op' with 'a' and 'b', not both", pointer: body.pointer(extra))
            }
            guard let shapes = body.value("shapes") else { throw body.missing("shapes") }
            kind = .shapes(try Self.decodeShapes(shapes, pointer: body.pointer("shapes")))
            return
        }
        guard hasOperation else {
            throw WireError.badRequest("missing member: give 'shapes', or 'op' with 'a' and 'b'")
        }
        guard let name = try body.string("op") else { throw body.missing("op") }
        guard let aValue = body.value("a") else { throw body.missing("a") }
        guard let bValue = body.value("b") else { throw body.missing("b") }
        let a = try Self.operandDecoder("a", limits: limits).decode(aValue)
        let b = try Self.operandDecoder("b", limits: limits).decode(bValue)
        guard let operation = ArrayOperation(name) else {
            throw WireError.unprocessable(
                "unknown op '\(name)'; accepted: \(ArrayOperation.allNames.joined(separator: ", "))",
                kind: "unknown-operation", pointer: body.pointer("op"))
        }
        kind = .operation(operation, a: a, b: b)
    }

    static func operandDecoder(_ member: String, limits: Limits) -> NDArrayDecoder {
        NDArrayDecoder(
            member: member, pointer: "/" + member, allowNonFinite: true,
            maxElements: limits.maxBroadcastElements, limitFlag: "max-broadcast-elements")
    }

    /// The route calls this with the result shape from `ArrayOperation.resultShape` before computing it.
    static func checkResultSize(_ shape: [Int], limits: Limits) throws(WireError) {
        let count = NDArray.elementCount(of: shape)
        // The result has its own, smaller bound: a few KB of operands can ask for a result thousands of times larger.
        let (limit, flag) = limits.maxBroadcastResultElements < limits.maxBroadcastElements
            ? (limits.maxBroadcastResultElements, "max-broadcast-result-elements")
            : (limits.maxBroadcastElements, "max-broadcast-elements")
        guard let count, count <= limit else {
            let size = count.map { "\($0) elements" } ?? "too many elements"
            throw WireError.unprocessable(
                "the result of shape \(ShapeDecoder.describe(shape)) has \(size), more than the limit of "
                    + "\(limit) (\(flag))",
                kind: "limit-exceeded")
        }
    }

    /// `shapes`: a list whose elements are shapes (lists of sizes) or single sizes (1-D shapes).
    static func decodeShapes(_ value: JSONValue, pointer: String) throws(WireError) -> [[Int]] {
        var shapes: [[Int]] = []
        switch value {
        case .numbers(let array, let tokens):
            // A rectangular list: every row is one shape ([[3, 1], [3, 4]]), or every element a size ([3, 4]).
            guard array.ndim <= 2 else {
                let at = JSONPointer.indices(pointer, [0, 0])
                throw WireError.badRequest("'shapes' must be a list of shapes (lists of integers): \(at) is an array", pointer: at)
            }
            guard tokens.allIntegers else {
                let index = array.data.firstIndex { $0.rounded(.towardZero) != $0 }
                let at = index.map { JSONPointer.element(pointer, flatIndex: $0, shape: array.shape) } ?? pointer
                throw WireError.badRequest("'shapes' must contain only integers (without fraction or exponent)", pointer: at)
            }
            let rows = array.shape[0]
            try checkCount(rows, pointer: pointer)
            let width = array.ndim == 2 ? array.shape[1] : 1
            for row in 0..<rows {
                let at = JSONPointer.indices(pointer, [row])
                let sizes = Array(array.data[(row * width)..<(row * width + width)])
                let shape: [Int]
                if array.ndim == 2 {
                    shape = try ShapeDecoder.decode(.numbers(NDArray(shape: [width], data: sizes), NumberTokens(allIntegers: true, allFinite: true)), name: "shapes", pointer: at)
                } else {
                    guard let size = Int(exactly: sizes[0]) else { throw ShapeDecoder.tooLarge("shapes", at: at) }
                    try ShapeDecoder.checkSize(size, at: at)
                    shape = [size]
                }
                try checkDimensions(shape, pointer: at)
                shapes.append(shape)
            }
        case .array(let elements):
            try checkCount(elements.count, pointer: pointer)
            for (index, element) in elements.enumerated() {
                let at = JSONPointer.indices(pointer, [index])
                let shape = try ShapeDecoder.decode(element, name: "shapes", pointer: at)
                try checkDimensions(shape, pointer: at)
                shapes.append(shape)
            }
        default:
            throw WireError.badRequest("'shapes' must be a list of shapes (lists of integers), found \(value.kindDescription)", pointer: pointer)
        }
        return shapes
    }

    static func checkCount(_ count: Int, pointer: String) throws(WireError) {
        guard count > maxShapes else { return }
        throw WireError.unprocessable("'shapes' lists \(count) shapes; at most \(maxShapes) are accepted", kind: "limit-exceeded", pointer: pointer)
    }

    static func checkDimensions(_ shape: [Int], pointer: String) throws(WireError) {
        guard shape.count > NDArrayDecoder.maxDimensions else { return }
        throw WireError.unprocessable(
            "maximum supported dimension for an ndarray is currently \(NDArrayDecoder.maxDimensions), found \(shape.count)",
            pointer: pointer)
    }
}
