/// RFC 6901 JSON pointers into a request body, e.g. `/x/3/1` or `/generate/samples`.
public enum JSONPointer {
    /// `base` followed by one member name, escaped (`~` as `~0`, `/` as `~1`).
    public static func member(_ base: String, _ name: String) -> String {
        var pointer = base + "/"
        for character in name {
            switch character {
            case "~": pointer += "~0"
            case "/": pointer += "~1"
            default: pointer.append(character)
            }
        }
        return pointer
    }

    /// `base` followed by array indices.
    public static func indices(_ base: String, _ path: some Sequence<Int>) -> String {
        var pointer = base
        for index in path {
            pointer += "/\(index)"
        }
        return pointer
    }

    /// The pointer to element `flatIndex` (C order) of an array of `shape` found at `base`.
    public static func element(_ base: String, flatIndex: Int, shape: [Int]) -> String {
        var remaining = flatIndex
        var path = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            path[axis] = remaining % shape[axis]
            remaining /= shape[axis]
        }
        return indices(base, path)
    }
}
