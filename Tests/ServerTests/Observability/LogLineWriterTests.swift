import Foundation
import Testing

@testable import Server

/// The background log writer: whole lines in order from every thread, everything out after `flush()`, and lines
/// dropped and counted (never blocking the caller) when the reader does not keep up.
@Suite struct LogLineWriterTests {
    /// Reads a pipe to its end on a Dispatch thread.
    static func readAll(_ pipe: Pipe) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
        }
    }

    @Test func linesFromManyThreadsArriveWholeAndInOrderPerThread() async throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let reading = Task { await Self.readAll(pipe) }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<2_000 { writer.append("thread \(thread) line \(index) \(String(repeating: "x", count: index % 50))\n") }
        }
        writer.flush()
        try pipe.fileHandleForWriting.close()
        let lines = await reading.value.split(separator: "\n")
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

    @Test func aReaderThatDoesNotKeepUpCostsDroppedLinesNotWaiting() async throws {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor, capacity: 1_000)
        // Nobody reads yet: the pipe (64 KiB) fills, then the buffer, then lines are dropped; appending never waits.
        let line = String(repeating: "y", count: 99) + "\n"
        let start = ContinuousClock.now
        for _ in 0..<2_000 { writer.append(line) }
        #expect(ContinuousClock.now - start < .seconds(5))
        let reading = Task { await Self.readAll(pipe) }
        writer.flush()
        try pipe.fileHandleForWriting.close()
        let text = await reading.value
        let kept = text.split(separator: "\n").filter { $0.allSatisfy { $0 == "y" } }.count
        let dropped = text.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasSuffix("log lines dropped: the log could not keep up") else { return nil }
            return Int(line.split(separator: " ")[1])
        }.reduce(0, +)
        #expect(dropped > 0)
        #expect(kept + dropped == 2_000)
    }
}
