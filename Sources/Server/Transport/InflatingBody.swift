import CompressNIO
import Hummingbird
import HummingbirdCore
import NIOCore

/// A gzip request body inflated as it arrives: each compressed chunk is inflated into windows of at most
/// ``windowBytes``, and the total inflated size is checked against `limit` before a window is passed on, so a zip
/// bomb never allocates more than the limit plus one window (413 past it). A stream that ends early, holds bytes after
/// its end, or is not gzip is a 400.
struct InflatingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The most bytes one inflate step writes.
    static let windowBytes = 64 * 1024

    let compressed: RequestBody
    let limit: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(source: compressed.makeAsyncIterator(), limit: limit)
    }

    struct Iterator: AsyncIteratorProtocol {
        var source: RequestBody.AsyncIterator
        let limit: Int
        /// Created on first use: zlib state per request, never shared (`ZlibDecompressor` is a class, not Sendable).
        var decompressor: ZlibDecompressor?
        /// The compressed bytes not yet inflated.
        var pending = ByteBuffer()
        var total = 0
        var finished = false

        init(source: RequestBody.AsyncIterator, limit: Int) {
            self.source = source
            self.limit = limit
        }

        mutating func next() async throws -> ByteBuffer? {
            while !finished {
                if pending.readableBytes > 0, let window = try inflateStep() { return window }
                guard let chunk = try await source.next() else {
                    try finish()
                    return nil
                }
                // Take the chunk as it is when everything before it was used (the usual case): no copy, and the
                // compressed bytes held never grow past one chunk plus a remainder.
                if pending.readableBytes == 0 { pending = chunk } else { pending.writeImmutableBuffer(chunk) }
            }
            return nil
        }

        /// One inflate into a fresh window; nil when all pending input was used and nothing came out.
        private mutating func inflateStep() throws -> ByteBuffer? {
            let zlib = try decompressorInUse()
            var window = ByteBufferAllocator().buffer(capacity: InflatingBody.windowBytes)
            let before = pending.readableBytes
            do {
                try zlib.inflate(from: &pending, to: &window)
                // No throw: either all input is used or the stream ended; bytes left after its end are not allowed.
                if pending.readableBytes > 0 && pending.readableBytes == before && window.readableBytes == 0 {
                    throw Problem.badRequest("the gzip body has bytes after its end")
                }
            } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
                // bufferOverflow: the window is full and more will come; inputBufferOverflow: more input is needed.
            } catch let error as CompressNIOError {
                throw Problem.badRequest("the request body is not valid gzip (\(error))")
            }
            total += window.readableBytes
            guard total <= limit else { throw Problem.payloadTooLarge(limit: limit) }
            return window.readableBytes > 0 ? window : nil
        }

        /// At the end of the body the gzip stream must be complete: a probe byte is refused by an ended stream and
        /// taken by one that still expects input (truncated).
        private mutating func finish() throws {
            finished = true
            let zlib = try decompressorInUse()
            var probe = ByteBuffer(bytes: [0])
            var window = ByteBufferAllocator().buffer(capacity: 16)
            do {
                try zlib.inflate(from: &probe, to: &window)
            } catch {
                throw Self.truncated
            }
            guard probe.readableBytes == 1, window.readableBytes == 0 else { throw Self.truncated }
        }

        static let truncated = Problem.badRequest("the gzip body ends before its stream does (truncated)")

        private mutating func decompressorInUse() throws -> ZlibDecompressor {
            if let decompressor { return decompressor }
            let made = try ZlibDecompressor(algorithm: .gzip)
            decompressor = made
            return made
        }
    }
}
