/// Whether bytes are well-formed UTF-8, without making a `String` (ASCII runs are checked a word at a time).
enum UTF8Validation {
    static func isValid(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count && base[index] < 0x80 { index += 1 }
        if index == count { return true }
        var iterator = UnsafeBufferPointer(start: base + index, count: count - index).makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
