import Wire

/// One log line being built: its bytes go into memory on the builder's stack while they fit (``stackCapacity``, which
/// every access-log line does) and into an array from the first byte that does not. No line allocates on the heap
/// or checks uniqueness per byte; a long one still comes out whole.
///
/// A line exists only inside ``build(_:then:)``, which lends it to the builder (`inout`, never stored) and then lends
/// out its bytes: the stack memory cannot outlive the call that owns it.
struct LogLine: JSONTextSink {
    /// The bytes a line may take before it moves to the heap.
    static let stackCapacity = 1024

    private let base: UnsafeMutablePointer<UInt8>
    /// The room left in `base`'s memory; -1 once the line has moved to `spilled` (so that every bound check fails).
    private var capacity: Int
    private var count = 0
    private var spilled: [UInt8] = []

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Builds a line with `body`, then hands its bytes to `use`.
    static func build<Result>(_ body: (inout LogLine) -> Void, then use: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackCapacity) { memory in
            // A temporary allocation of a non-zero count always has an address.
            guard let base = memory.baseAddress else { return use(UnsafeBufferPointer(start: nil, count: 0)) }
            var line = LogLine(base: base, capacity: memory.count)
            body(&line)
            return line.withBytes(use)
        }
    }

    private func withBytes<Result>(_ use: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        capacity < 0 ? spilled.withUnsafeBufferPointer(use) : use(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    mutating func appendJSONByte(_ byte: UInt8) {
        if count < capacity {
            base[count] = byte
            count += 1
        } else {
            spill(CollectionOfOne(byte))
        }
    }

    @inline(__always)
    mutating func appendJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let start = bytes.baseAddress, bytes.count <= capacity - count {
            (base + count).update(from: start, count: bytes.count)
            count += bytes.count
        } else if !bytes.isEmpty {
            spill(bytes)
        }
    }

    mutating func appendJSONText(_ text: String) {
        var text = text
        text.withUTF8 { appendJSONBytes($0) }
    }

    /// Continues the line on the heap: moves what is written so far there (the first time), then appends `bytes`.
    private mutating func spill(_ bytes: some Collection<UInt8>) {
        if capacity >= 0 {
            spilled.reserveCapacity(2 * Self.stackCapacity)
            spilled.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
            capacity = -1
        }
        spilled.append(contentsOf: bytes)
    }
}

extension JSONTextSink {
    /// Appends a static string's bytes as they are (a member's name, a fixed piece of a line).
    @inline(__always)
    mutating func appendStatic(_ text: StaticString) {
        appendJSONBytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
