import Foundation
import Synchronization
import Testing

@testable import Server

/// The background log writer: whole lines in order from every thread, everything out after `flush()`, and lines
/// dropped and counted (never blocking the caller) when the reader does not keep up.
@Suite struct LogLineWriterTests {
    /// Reads a pipe to its end on a thread of its own, started at once: the writes it unblocks may be holding every
    /// thread of the shared pools (a test's `flush()` into a full pipe), where a task could not start.
    final class Reader: Sendable {
        private let text = Mutex("")
        private let done = DispatchSemaphore(value: 0)

        init(_ pipe: Pipe) {
            Thread { [self] in
                let read = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                text.withLock { $0 = read }
                done.signal()
            }.start()
        }

        /// Everything read, once the pipe's writing end is closed.
        func all() -> String {
            done.wait()
            return text.withLock { $0 }
        }
    }

    @Test func linesFromManyThreadsArriveWholeAndInOrderPerThread() throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let reading = Reader(pipe)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<2_000 { writer.append("thread \(thread) line \(index) \(String(repeating: "x", count: index % 50))\n") }
        }
        writer.flush()
        try pipe.fileHandleForWriting.close()
        let lines = reading.all().split(separator: "\n")
        #expect(lines.count == 8_000)
        var next = [Int](repeating: 0, count: 4)
        for line in lines {
            let words = line.split(separator: " ")
            let (thread, index) = (Int(words[1]) ?? -1, Int(words[3]) ?? -1)
            #expect(index == next[thread], "\(line)")
            #expect(words.count == (index % 50 == 0 ? 4 : 5))
            next[thread] = index + 1
        }
    }

    /// Lines appended by threads that take turns come out in the order appended, whichever stripes they went to.
    @Test func linesFromThreadsTakingTurnsKeepTheirOrder() throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let reading = Reader(pipe)
        let threads = 4
        let turns = (0..<threads).map { _ in DispatchSemaphore(value: 0) }
        let finished = DispatchSemaphore(value: 0)
        for thread in 0..<threads {
            Thread {
                for round in 0..<200 {
                    turns[thread].wait()
                    writer.append("\(round * threads + thread)\n")
                    turns[(thread + 1) % threads].signal()
                }
                finished.signal()
            }.start()
        }
        turns[0].signal()
        for _ in 0..<threads { finished.wait() }
        writer.flush()
        try pipe.fileHandleForWriting.close()
        #expect(reading.all() == (0..<(200 * threads)).map { "\($0)\n" }.joined())
    }

    /// Each batch's emptied buffer becomes the next one's: batch after batch, every line is written once.
    @Test func batchAfterBatchEveryLineIsWrittenOnce() throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let reading = Reader(pipe)
        var expected = ""
        for batch in 0..<5 {
            // The third batch outgrows the buffer that is kept (it is dropped, not kept).
            let count = batch == 2 ? LogLineWriter.keptBytes / 16 : 50 + batch
            for index in 0..<count {
                let line = "batch \(batch) line \(index)\n"
                writer.append(line)
                expected += line
            }
            writer.flush()
        }
        try pipe.fileHandleForWriting.close()
        #expect(reading.all() == expected)
    }

    @Test func aReaderThatDoesNotKeepUpCostsDroppedLinesNotWaiting() throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor, capacity: 1_000 * LogLineWriter.stripeCount)
        // Nobody reads yet: the pipe (64 KiB) fills, then the buffer, then lines are dropped; appending never waits.
        let line = String(repeating: "y", count: 99) + "\n"
        let start = ContinuousClock.now
        for _ in 0..<2_000 { writer.append(line) }
        #expect(ContinuousClock.now - start < .seconds(5))
        let reading = Reader(pipe)
        writer.flush()
        try pipe.fileHandleForWriting.close()
        let text = reading.all()
        let kept = text.split(separator: "\n").filter { $0.allSatisfy { $0 == "y" } }.count
        let dropped = text.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasSuffix("log lines dropped: the log could not keep up") else { return nil }
            return Int(line.split(separator: " ")[1])
        }.reduce(0, +)
        #expect(dropped > 0)
        #expect(kept + dropped == 2_000)
    }
}
