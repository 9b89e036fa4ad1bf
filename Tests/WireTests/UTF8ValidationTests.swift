import Testing

@testable import Wire

@Suite("UTF8Validation")
struct UTF8ValidationTests {
    static func valid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            return UTF8Validation.isValid(base, count: buffer.count)
        }
    }

    @Test func wellFormed() {
        #expect(Self.valid([]))
        #expect(Self.valid(Array("plain ascii, longer than a word".utf8)))
        #expect(Self.valid(Array("âge 名前 😀 and then ascii again".utf8)))
    }

    @Test func malformed() {
        #expect(!Self.valid([0xFF]))
        #expect(!Self.valid(Array("abcdefgh".utf8) + [0xC3]))  // truncated after a full ASCII word
        #expect(!Self.valid([0xC0, 0x80]))  // overlong
        #expect(!Self.valid([0xED, 0xA0, 0x80]))  // a surrogate
        #expect(!Self.valid([0xE2, 0x82, 0x41]))
    }
}
