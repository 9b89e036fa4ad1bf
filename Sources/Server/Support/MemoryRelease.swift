#if canImport(Glibc)
import Glibc
#endif

/// Hands freed heap pages back to the system after a large response, so RSS returns near its baseline.
///
/// glibc's allocator keeps freed memory of its arenas for reuse; `malloc_trim(0)` releases what it can. Swift's Glibc
/// module does not export it, so it is looked up once with `dlsym`. Other platforms' allocators return large blocks
/// on their own, so this is a no-op there.
enum MemoryRelease {
    /// Responses at least this large trigger a trim.
    static let thresholdBytes = 16 << 20

    static func afterLargeResponse(bytes: Int) {
        guard bytes >= thresholdBytes else { return }
        trim()
    }

    /// Calls `malloc_trim(0)` where glibc provides it.
    static func trim() {
        #if canImport(Glibc)
        if let function = mallocTrim { _ = function(0) }
        #endif
    }

    #if canImport(Glibc)
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    /// `dlsym(RTLD_DEFAULT, "malloc_trim")`: RTLD_DEFAULT is the null handle on glibc.
    private static let mallocTrim: MallocTrim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: MallocTrim.self) }
    #endif
}
