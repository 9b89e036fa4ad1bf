import Engine

/// Reads a shape — a list of non-negative integer sizes, or one integer meaning a 1-D shape — like
/// `np.broadcast_shapes` and `np.reshape` accept it.
public enum ShapeDecoder {
    /// Reads the shape at `pointer`; `name` is how messages call it (`shape`, `shapes`).
    ///
    /// Non-integers are 400; negative sizes are 422 with NumPy's text; sizes beyond `Int` are 422.
    public static func decode(_ value: JSONValue, name: String, pointer: String) throws(WireError) -> [Int] {
        switch value {
        case .integer(let size):
            try checkSize(size, at: pointer)
            return [size]
        case .numbers(let array, let tokens):
            guard array.ndim == 1 else {
                let at = JSONPointer.indices(pointer, [0])
                throw WireError.badRequest("'\(name)' must be a list of integers: \(at) is an array", pointer: at)
            }
            guard tokens.allIntegers else {
                let index = array.data.firstIndex { $0.rounded(.towardZero) != $0 }
                let at = index.map { JSONPointer.indices(pointer, [$0]) } ?? pointer
                throw WireError.badRequest("'\(name)' must be a list of integers (without fraction or exponent)", pointer: at)
            }
            var shape: [Int] = []
            shape.reserveCapacity(array.count)
            for (index, element) in array.data.enumerated() {
                let at = JSONPointer.indices(pointer, [index])
                guard let size = Int(exactly: element) else { throw tooLarge(name, at: at) }
                try checkSize(size, at: at)
                shape.append(size)
            }
            return shape
        case .array(let elements):
            var shape: [Int] = []
            for (index, element) in elements.enumerated() {
                let at = JSONPointer.indices(pointer, [index])
                switch element {
                case .integer(let size):
                    try checkSize(size, at: at)
                    shape.append(size)
                case .number(let number) where number.rounded(.towardZero) == number && Int(exactly: number) == nil:
                    throw tooLarge(name, at: at)
                default:
                    throw WireError.badRequest("'\(name)' must be a list of integers: \(at) is \(describe(element))", pointer: at)
                }
            }
            return shape
        default:
            throw WireError.badRequest("'\(name)' must be a list of integers, found \(value.kindDescription)", pointer: pointer)
        }
    }

    public static func checkSize(_ size: Int, at pointer: String) throws(WireError) {
        guard size < 0 else { return }
        throw WireError.unprocessable("negative dimensions are not allowed", pointer: pointer)
    }

    public static func tooLarge(_ name: String, at pointer: String) -> WireError {
        WireError.unprocessable("'\(name)': the size at \(pointer) is too large", kind: "limit-exceeded", pointer: pointer)
    }

    /// How an element is described in messages: numbers by value, others by kind.
    public static func describe(_ value: JSONValue) -> String {
        if case .number(let number) = value { return "\(number), not an integer" }
        return value.kindDescription
    }

    /// A shape as users wrote it: `[2, 3]`.
    public static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
