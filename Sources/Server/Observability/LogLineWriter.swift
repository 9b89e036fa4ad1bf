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
/// Lines wait in stripes, each with its own lock and buffer, and a thread appends to the stripe its identity picks:
/// two cores appending at once do not pass one lock's and one buffer's cache lines back and forth (that cost ~0.2 µs
/// per access line, a third of building it). Each line is stamped with the monotonic clock under its stripe's lock,
/// and the writer merges the stripes by those stamps, so lines come out in the order they were appended, across
/// threads too.
///
/// A stripe holds at most `capacity / stripeCount` bytes; past that, its lines are dropped and counted, and the count
/// is written as a line of its own once there is room. ``flush()`` writes everything appended so far; the executable
/// calls it before it exits. A line appended just before a SIGKILL can be lost, as with any buffered log.
public final class LogLineWriter: Sendable {
    /// Standard error, the process's log.
    public static let standardError = LogLineWriter(descriptor: STDERR_FILENO)

    /// The bytes that may wait, over all stripes, before lines are dropped: a stripe's share (2 MiB) holds several
    /// batches of one busy thread's lines (~0.3 MB in 50 ms at 25,000 lines/s), so a writer held up for a moment
    /// drops nothing. Memory is taken only as lines wait.
    public static let defaultCapacity = 32 << 20

    /// The number of stripes: more than the threads that append at once on most machines, and few enough to merge.
    static let stripeCount = 16

    /// Where one appended piece (a line) ends in its stripe's bytes, and when it was appended.
    private struct Mark {
        var time: UInt64
        var end: Int
    }

    /// The lines waiting in one stripe, in the order appended.
    private struct Lines {
        var bytes: [UInt8] = []
        var marks: [Mark] = []
        var dropped = 0
    }

    /// One stripe, an object of its own, padded so that two stripes' locks never share a cache line.
    private final class Stripe: Sendable {
        let lines = Mutex(Lines())
        private let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// What the writing side keeps between batches: each stripe's emptied buffers, which become the stripe's next
    /// ones, and the merged batch's (no allocation per batch).
    private struct Spares {
        var lines = [Lines](repeating: Lines(), count: LogLineWriter.stripeCount)
        var batch: [UInt8] = []
    }

    private let descriptor: Int32
    private let stripeCapacity: Int
    private let stripes: [Stripe]
    private let started = Atomic(false)
    /// Signalled when a stripe goes from empty to not empty.
    private let ready = DispatchSemaphore(value: 0)
    /// Held while lines are taken from the stripes and written, so that batches reach the descriptor in order.
    private let writing = Mutex(Spares())

    public init(descriptor: Int32, capacity: Int = LogLineWriter.defaultCapacity) {
        self.descriptor = descriptor
        self.stripeCapacity = capacity / Self.stripeCount
        self.stripes = (0..<Self.stripeCount).map { _ in Stripe() }
    }

    /// Queues `line` (which ends with its newline) for writing.
    public func append(_ line: String) {
        var line = line
        line.withUTF8 { append(bytes: $0) }
    }

    /// Queues the UTF-8 bytes of a line (which ends with its newline) for writing; copies them before it returns.
    public func append(bytes line: UnsafeBufferPointer<UInt8>) {
        let wake = stripes[Self.stripeIndex()].lines.withLock { lines -> Bool in
            guard lines.bytes.count + line.count <= stripeCapacity else {
                lines.dropped += 1
                return false
            }
            lines.bytes.append(contentsOf: line)
            lines.marks.append(Mark(time: Self.now(), end: lines.bytes.count))
            return lines.marks.count == 1
        }
        if !started.load(ordering: .relaxed), started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            startThread()
        }
        if wake { ready.signal() }
    }

    /// The calling thread's stripe: its thread identity, hashed.
    private static func stripeIndex() -> Int {
        #if canImport(Darwin)
        let identity = UInt64(UInt(bitPattern: pthread_self()))
        #else
        let identity = UInt64(pthread_self())
        #endif
        // Fibonacci hashing, the product's top bits: thread identities are aligned addresses, whose low bits are alike.
        return Int(truncatingIfNeeded: (identity &* 0x9E37_79B9_7F4A_7C15) >> 60) % stripeCount
    }

    /// The monotonic clock in nanoseconds (one clock for every thread).
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Writes everything appended so far before it returns.
    public func flush() {
        writeBatch()
    }

    /// How long the writer lets lines gather after the first one: under load a batch holds many lines, and the
    /// callers' wake-ups of the writer (one per stripe in use per batch, not per line) stay few. At 2 ms the wake-ups
    /// and writes cost ~1 µs per line at 13,000 lines/s on 2 cores; at 10 ms 0.36 µs per line at ~20,000 lines/s
    /// (a third of it the writer's own sleeping and waking); at 50 ms 0.15 µs. A line waits 50 ms at most.
    static let gatheringSeconds = 0.05

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

    /// Takes what waits in every stripe, merges it by time (with a line for what was dropped) and writes it.
    private func writeBatch() {
        writing.withLock { spares in
            // Moved out, not copied: a buffer referenced twice would be copied on the stripe's next append.
            var taken: [Lines] = []
            swap(&taken, &spares.lines)
            for (index, stripe) in stripes.enumerated() {
                stripe.lines.withLock { swap(&taken[index], &$0) }
            }
            var batch: [UInt8] = []
            swap(&batch, &spares.batch)
            Self.merge(taken, into: &batch)
            let dropped = taken.reduce(0) { $0 + $1.dropped }
            if dropped > 0 {
                batch.append(contentsOf: "descent: \(dropped) log lines dropped: the log could not keep up\n".utf8)
            }
            Self.writeAll(batch, to: descriptor)
            // Kept for the next batch unless a burst made them large.
            batch.removeAll(keepingCapacity: batch.capacity <= Self.keptBytes)
            spares.batch = batch
            for index in taken.indices {
                taken[index].bytes.removeAll(keepingCapacity: taken[index].bytes.capacity <= Self.keptBytes)
                taken[index].marks.removeAll(keepingCapacity: taken[index].marks.capacity * MemoryLayout<Mark>.stride <= Self.keptBytes)
                taken[index].dropped = 0
            }
            spares.lines = taken
        }
    }

    /// Appends the lines of every stripe to `batch`, oldest first (each stripe's own are in order already). Only the
    /// stripes with lines take part: most batches come from a thread or two, and one stripe's lines are copied whole.
    private static func merge(_ stripes: [Lines], into batch: inout [UInt8]) {
        var inUse = stripes.indices.filter { !stripes[$0].marks.isEmpty }
        if inUse.count == 1 {
            batch.append(contentsOf: stripes[inUse[0]].bytes)
            return
        }
        var next = [Int](repeating: 0, count: stripes.count)
        /// When the next line of stripe `index` was appended.
        func nextTime(_ index: Int) -> UInt64 { stripes[index].marks[next[index]].time }
        while !inUse.isEmpty {
            var oldest = 0
            for position in inUse.indices.dropFirst() where nextTime(inUse[position]) < nextTime(inUse[oldest]) {
                oldest = position
            }
            let index = inUse[oldest]
            let lines = stripes[index]
            let start = next[index] == 0 ? 0 : lines.marks[next[index] - 1].end
            batch.append(contentsOf: lines.bytes[start..<lines.marks[next[index]].end])
            next[index] += 1
            if next[index] == lines.marks.count { inUse.remove(at: oldest) }
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
