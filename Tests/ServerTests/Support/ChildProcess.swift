import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A child process started with `posix_spawn`, for the tests that run the built binary and command-line tools.
///
/// Not Foundation's `Process`: on Linux (Swift 6.3.1) its `run()` reads past a buffer while listing
/// `/proc/self/fd` and now and then crashes the whole test process (swift-corelibs-foundation#5472, a full suite
/// that spawns children hit it about one run in five). The child gets `/dev/null` for standard input, the given
/// descriptors (else `/dev/null`) for standard output and error, and no other descriptor of the test process.
final class ChildProcess: Sendable {
    let processIdentifier: pid_t
    /// The wait status once reaped.
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; `environment` nil inherits the test process's.
    init(
        executable: String, arguments: [String], environment: [String: String]? = nil,
        standardOutput: FileHandle? = nil, standardError: FileHandle? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, handle) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            if let handle {
                posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        // No other descriptor of the test process (a pipe, a socket) leaks into the child.
        guard Self.addCloseFrom(&actions, 3) == 0 else { throw POSIXError(.ENOSYS) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let variables = environment ?? ProcessInfo.processInfo.environment
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        processIdentifier = pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Swift Glibc module does not export.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return { _, _ in ENOSYS } }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Whether it has not exited yet (reaps it when it has).
    var isRunning: Bool {
        status.withLock { status in
            if status != nil { return false }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return true }
            status = raw
            return false
        }
    }

    /// Blocks until it has exited.
    func waitUntilExit() {
        guard isRunning else { return }
        var raw: Int32 = 0
        while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
        status.withLock { $0 = $0 ?? raw }
    }

    /// Waits for it to exit on a Dispatch thread: Swift concurrency runs every test on as many threads as there are
    /// cores (two here), so blocking one would stall the other tests.
    func exited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Whether it ended by exiting (rather than by a signal).
    var exitedNormally: Bool {
        guard let raw = status.withLock({ $0 }) else { return false }
        return raw & 0x7f == 0
    }

    /// Its exit status, or the signal that ended it (as Foundation's `Process` reports them); -1 while it runs.
    var terminationStatus: Int32 {
        guard let raw = status.withLock({ $0 }) else { return -1 }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }
}
