import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: callers append whole lines to a buffer and return at once; one background thread writes what
/// has accumulated with as few `write(2)` calls as it can. A request never makes a system call for its access-log
/// line, nor waits on a slow terminal or pipe, and two event loops never queue on one lock around a write.
///
/// At most `capacity` bytes wait; past that, lines are dropped and counted, and the count is written as a line of
/// its own once there is room. ``flush()`` writes everything appended so far; the executable calls it before it
/// exits. A line appended just before a SIGKILL can be lost, as with any buffered log.
public final class LogLineWriter: Sendable {
    /// Standard error, the process's log.
    public static let standardError = LogLineWriter(descriptor: STDERR_FILENO)

    /// The bytes that may wait before lines are dropped.
    public static let defaultCapacity = 8 << 20

    private struct Pending {
        var bytes: [UInt8] = []
        var dropped = 0
        var started = false
    }

    private let descriptor: Int32
    private let capacity: Int
    private let pending = Mutex(Pending())
    /// Signalled when the buffer goes from empty to not empty.
    private let ready = DispatchSemaphore(value: 0)
    /// Held while bytes are taken from the buffer and written, so that batches reach the descriptor in order; holds
    /// the emptied buffer of the last batch, which becomes the next one's (no allocation per batch).
    private let writing = Mutex<[UInt8]>([])

    public init(descriptor: Int32, capacity: Int = LogLineWriter.defaultCapacity) {
        self.descriptor = descriptor
        self.capacity = capacity
    }

    /// Queues `line` (which ends with its newline) for writing.
    public func append(_ line: String) {
        var line = line
        line.withUTF8 { append(bytes: $0) }
    }

    /// Queues the UTF-8 bytes of a line (which ends with its newline) for writing; copies them before it returns.
    public func append(bytes line: UnsafeBufferPointer<UInt8>) {
        let (wake, start) = pending.withLock { pending -> (Bool, Bool) in
            guard pending.bytes.count + line.count <= capacity else {
                pending.dropped += 1
                return (false, false)
            }
            let wasEmpty = pending.bytes.isEmpty
            pending.bytes.append(contentsOf: line)
            let start = !pending.started
            pending.started = true
            return (wasEmpty, start)
        }
        if start { startThread() }
        if wake { ready.signal() }
    }

    /// Writes everything appended so far before it returns.
    public func flush() {
        writeBatch()
    }

    /// How long the writer lets lines gather after the first one: under load a batch holds many lines, and the
    /// callers' wake-ups of the writer (one per batch, not per line) stay few. At 2 ms the wake-ups and writes cost
    /// ~1 µs per line at 13,000 lines/s on 2 cores; at 10 ms a fifth of that, and a line waits 10 ms at most.
    static let gatheringSeconds = 0.01

    private func startThread() {
        let thread = Thread { [self] in
            while true {
                ready.wait()
                Thread.sleep(forTimeInterval: Self.gatheringSeconds)
                writeBatch()
            }
        }
        thread.name = "descent.log"
        thread.start()
    }

    /// Takes what waits (and a line for what was dropped) and writes it.
    private func writeBatch() {
        writing.withLock { spare in
            var batch = pending.withLock { pending -> [UInt8] in
                var taken = spare
                swap(&taken, &pending.bytes)
                if pending.dropped > 0 {
                    taken.append(contentsOf: "descent: \(pending.dropped) log lines dropped: the log could not keep up\n".utf8)
                    pending.dropped = 0
                }
                return taken
            }
            Self.writeAll(batch, to: descriptor)
            // Kept for the next batch unless a burst made it large.
            batch.removeAll(keepingCapacity: batch.capacity <= Self.keptBytes)
            spare = batch
        }
    }

    /// The largest emptied buffer kept for the next batch.
    static let keptBytes = 1 << 20

    private static func writeAll(_ bytes: borrowing [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // nowhere to write to (a closed descriptor): the lines are gone, as with stderr itself
                }
            }
        }
    }

    /// A `TextOutputStream` onto the writer, for swift-log's `StreamLogHandler` (each `write` is one whole line).
    public struct Stream: TextOutputStream, Sendable {
        let writer: LogLineWriter

        public init(_ writer: LogLineWriter) {
            self.writer = writer
        }

        public mutating func write(_ string: String) {
            writer.append(string)
        }
    }
}
