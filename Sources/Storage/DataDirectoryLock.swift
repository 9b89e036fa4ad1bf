import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a data directory (`DIR/descent.lock`), held for the life of the process, so that a second
/// descent on the same directory refuses to start instead of sharing the database. The kernel drops the lock when
/// the process ends, however it ends.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Creates the directory if needed and takes the lock.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` with a sentence naming the directory and the reason.
    init(directory: String) throws(StoreError) {
        try Self.createDirectories(directory)
        let path = directory + "/descent.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unavailable("cannot write in data directory \(directory): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unavailable(
                busy ? "data directory \(directory) is in use by another descent process" : "cannot lock \(path): \(reason)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// `mkdir -p`, with the system's own reason when a step fails.
    private static func createDirectories(_ directory: String) throws(StoreError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw .unavailable("cannot create data directory \(directory): \(String(cString: strerror(errno)))")
            }
        }
    }
}
