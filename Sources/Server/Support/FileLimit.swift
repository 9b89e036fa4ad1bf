#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`), which bounds how many connections can be open at once.
public enum FileLimit {
    /// Raises the soft limit to the hard limit and returns the soft limit in force afterwards (or `nil` if unknown).
    @discardableResult
    public static func raiseToHardLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(resourceLimit, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            #if canImport(Darwin)
            raised.rlim_cur = min(limit.rlim_max, rlim_t(OPEN_MAX))
            #endif
            if setrlimit(resourceLimit, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)   // RLIM_INFINITY is the largest value: Int.max
    }

    /// The default connection cap for a file limit: room is kept for listening sockets, logs and files.
    public static func defaultMaxConnections(fileLimit: Int?) -> Int {
        guard let fileLimit else { return 1024 }
        let headroom = max(64, fileLimit / 10)
        return max(16, min(10_000, fileLimit - headroom))
    }

    #if canImport(Glibc)
    private static let resourceLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resourceLimit = RLIMIT_NOFILE
    #endif
}
