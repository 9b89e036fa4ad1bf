import Engine

/// Turns a JSON member into an `NDArray` the way `numpy.array(...)` would read it.
///
/// Accepts a number (0-d), nested rectangular arrays, or `{"shape": [...], "data": [...]}`. Ragged arrays
/// and non-finite values (where not allowed) are 422 with a pointer to the first bad element; anything that
/// is not a number is 400. The element limit is checked before the flat buffer is allocated.
public struct NDArrayDecoder {
    /// The member's name in messages, e.g. `x` or `a`.
    public let member: String
    /// The JSON pointer of the member, e.g. `/x`.
    public let pointer: String
    /// `/broadcast` accepts the strings "NaN", "Infinity", "-Infinity"; `/train` and `/predict` reject them.
    public let allowNonFinite: Bool
    /// Most elements the array may have.
    public let maxElements: Int
    /// The name of that limit (its command-line flag without dashes), e.g. `max-train-elements`.
    public let limitFlag: String

    public init(member: String, pointer: String, allowNonFinite: Bool, maxElements: Int, limitFlag: String) {
        self.member = member
        self.pointer = pointer
        self.allowNonFinite = allowNonFinite
        self.maxElements = maxElements
        self.limitFlag = limitFlag
    }

    /// NumPy's limit on the number of axes.
    public static let maxDimensions = 64

    /// The value of one of the non-finite spellings, or nil.
    public static func nonFiniteValue(_ text: String) -> Double? { NonFiniteSpelling.value(of: text) }

    /// How a value is spelled in messages ("NaN", "Infinity", "1.5").
    public static func spelling(_ value: Double) -> String { NonFiniteSpelling.text(of: value) }

    public func decode(_ value: JSONValue) throws(WireError) -> NDArray {
        switch value {
        case .integer(let integer):
            return NDArray(scalar: Double(integer))
        case .number(let number):
            try checkFinite(number, at: pointer)
            return NDArray(scalar: number)
        case .string(let text):
            guard let number = Self.nonFiniteValue(text) else { throw notAnArray(value) }
            try checkFinite(number, at: pointer)
            return NDArray(scalar: number)
        case .numbers(let array, let tokens):
            try checkDimensions(array.shape)
            try checkLimit(array.count)
            if !allowNonFinite && !tokens.allFinite { try checkAllFinite(array, at: pointer) }
            return array
        case .array:
            let shape = Self.inferShape(value)
            try checkDimensions(shape)
            guard let count = NDArray.elementCount(of: shape) else { throw limitError(count: nil) }
            try checkLimit(count)
            var filler = Filler(decoder: self, shape: shape)
            filler.data.reserveCapacity(count)
            try filler.fill(value, axis: 0)
            return NDArray(shape: shape, data: filler.data)
        case .object(let members):
            return try decodeShapeAndData(members)
        case .null, .bool:
            throw notAnArray(value)
        }
    }

    // MARK: - Checks

    public func notAnArray(_ value: JSONValue) -> WireError {
        WireError.badRequest(
            "'\(member)' must be a number, an array of numbers or {\"shape\": [...], \"data\": [...]}, found \(value.kindDescription)",
            pointer: pointer)
    }

    public func checkFinite(_ value: Double, at location: String) throws(WireError) {
        guard !allowNonFinite && !value.isFinite else { return }
        throw WireError.unprocessable(
            "'\(member)' must not contain non-finite values: \(location) is \(Self.spelling(value))",
            kind: "non-finite-value", pointer: location)
    }

    public func checkAllFinite(_ array: NDArray, at base: String) throws(WireError) {
        let firstBad: Int? = array.data.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where !buffer[index].isFinite { return index }
            return nil
        }
        guard let index = firstBad else { return }
        try checkFinite(array.data[index], at: JSONPointer.element(base, flatIndex: index, shape: array.shape))
    }

    public func checkDimensions(_ shape: [Int]) throws(WireError) {
        guard shape.count > Self.maxDimensions else { return }
        throw WireError.unprocessable(
            "'\(member)': maximum supported dimension for an ndarray is currently \(Self.maxDimensions), found \(shape.count)",
            pointer: pointer)
    }

    public func checkLimit(_ count: Int) throws(WireError) {
        guard count > maxElements else { return }
        throw limitError(count: count)
    }

    public func limitError(count: Int?) -> WireError {
        let size = count.map { "\($0) elements" } ?? "too many elements"
        return WireError.unprocessable(
            "'\(member)' has \(size), more than the limit of \(maxElements) (\(limitFlag))",
            kind: "limit-exceeded", pointer: pointer)
    }

    public func raggedError(_ what: String, at location: String) -> WireError {
        WireError.unprocessable("ragged array: \(location) \(what)", kind: "ragged-array", pointer: location)
    }

    /// The shape implied by the first element of every level.
    public static func inferShape(_ value: JSONValue) -> [Int] {
        var shape: [Int] = []
        var current = value
        while true {
            switch current {
            case .array(let elements):
                shape.append(elements.count)
                guard let first = elements.first else { return shape }
                current = first
            case .numbers(let array, _):
                return shape + array.shape
            default:
                return shape
            }
        }
    }

    // MARK: - Generic arrays

    /// Walks a generic (possibly partly `.numbers`) array in C order, checking it against `shape`.
    private struct Filler {
        let decoder: NDArrayDecoder
        let shape: [Int]
        var data: [Double] = []
        var path: [Int] = []

        init(decoder: NDArrayDecoder, shape: [Int]) {
            self.decoder = decoder
            self.shape = shape
        }

        var location: String { JSONPointer.indices(decoder.pointer, path) }

        mutating func fill(_ value: JSONValue, axis: Int) throws(WireError) {
            if axis == shape.count {
                try fillScalar(value)
                return
            }
            switch value {
            case .array(let elements):
                guard elements.count == shape[axis] else {
                    throw decoder.raggedError("has \(elements.count) elements, expected \(shape[axis])", at: location)
                }
                for (index, element) in elements.enumerated() {
                    path.append(index)
                    try fill(element, axis: axis + 1)
                    path.removeLast()
                }
            case .numbers(let array, let tokens):
                let rest = Array(shape[axis...])
                guard array.shape == rest else { throw mismatch(array.shape, expected: rest) }
                if !decoder.allowNonFinite && !tokens.allFinite { try decoder.checkAllFinite(array, at: location) }
                data.append(contentsOf: array.data)
            case .integer, .number:
                throw decoder.raggedError("is a number, expected an array of \(shape[axis]) elements", at: location)
            case .string(let text) where NDArrayDecoder.nonFiniteValue(text) != nil:
                throw decoder.raggedError("is a number, expected an array of \(shape[axis]) elements", at: location)
            case .string, .null, .bool, .object:
                throw notANumber(value)
            }
        }

        mutating func fillScalar(_ value: JSONValue) throws(WireError) {
            switch value {
            case .integer(let integer):
                data.append(Double(integer))
            case .number(let number):
                try decoder.checkFinite(number, at: location)
                data.append(number)
            case .string(let text):
                guard let number = NDArrayDecoder.nonFiniteValue(text) else { throw notANumber(value) }
                try decoder.checkFinite(number, at: location)
                data.append(number)
            case .array, .numbers:
                throw decoder.raggedError("is an array, expected a number", at: location)
            case .null, .bool, .object:
                throw notANumber(value)
            }
        }

        func notANumber(_ value: JSONValue) -> WireError {
            WireError.badRequest("'\(decoder.member)' must contain only numbers: \(location) is \(value.kindDescription)", pointer: location)
        }

        /// The ragged problem for a rectangular sub-array of the wrong shape: the first axis that differs.
        func mismatch(_ found: [Int], expected: [Int]) -> WireError {
            var axis = 0
            while axis < found.count && axis < expected.count && found[axis] == expected[axis] { axis += 1 }
            let at = JSONPointer.indices(location, repeatElement(0, count: axis))
            if axis < found.count && axis < expected.count {
                return decoder.raggedError("has \(found[axis]) elements, expected \(expected[axis])", at: at)
            }
            if axis < expected.count {
                return decoder.raggedError("is a number, expected an array of \(expected[axis]) elements", at: at)
            }
            return decoder.raggedError("is an array, expected a number", at: at)
        }
    }

    // MARK: - {"shape": [...], "data": [...]}

    public func decodeShapeAndData(_ members: [(key: String, value: JSONValue)]) throws(WireError) -> NDArray {
        var shapeValue: JSONValue?
        var dataValue: JSONValue?
        for (key, value) in members {
            switch key {
            case "shape": shapeValue = value
            case "data": dataValue = value
            default:
                throw WireError.badRequest(
                    "unknown member '\(key)' in '\(member)' (an array object has only 'shape' and 'data')",
                    pointer: JSONPointer.member(pointer, key))
            }
        }
        let shapePointer = JSONPointer.member(pointer, "shape")
        let dataPointer = JSONPointer.member(pointer, "data")
        guard let shapeValue else {
            throw WireError.badRequest("missing member 'shape' in '\(member)'", pointer: shapePointer)
        }
        guard let dataValue else {
            throw WireError.badRequest("missing member 'data' in '\(member)'", pointer: dataPointer)
        }
        let shape = try ShapeDecoder.decode(shapeValue, name: "shape", pointer: shapePointer)
        try checkDimensions(shape)
        guard let count = NDArray.elementCount(of: shape) else { throw limitError(count: nil) }
        try checkLimit(count)
        if case .object = dataValue {
            throw WireError.badRequest("'\(member)': 'data' must be an array of numbers, found an object", pointer: dataPointer)
        }
        let dataDecoder = NDArrayDecoder(
            member: member, pointer: dataPointer, allowNonFinite: allowNonFinite, maxElements: maxElements, limitFlag: limitFlag)
        let flat = try dataDecoder.decode(dataValue)
        guard flat.count == count else {
            throw WireError.unprocessable(
                "'\(member)': 'data' has \(flat.count) elements, but shape \(ShapeDecoder.describe(shape)) needs \(count)",
                pointer: dataPointer)
        }
        return NDArray(shape: shape, data: flat.data)
    }
}
