import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// Holds one HTTP/1 connection to its deadlines and answers the client faults the router never sees.
///
/// Sits right behind NIO's HTTP/1 decoder (so it sees HTTP versions, parse errors and `Expect`), before Hummingbird's
/// codec. What it does, per connection:
/// - **Header deadline**: the whole request head must arrive within `headerTimeout` of the connection opening, or of
///   the first byte after an idle spell (``RequestBytesObserver`` reports bytes); 408 if bytes came, then close.
/// - **Idle keep-alive**: closed after `idleTimeout` with no request in progress.
/// - **Body rate**: while a body is read and the server is asking for more, fewer than
///   `minBodyBytesPerSecond × bodyRateWindow` bytes in a window closes the connection.
/// - **Cap**: registers with the ``ConnectionTable`` and is evictable while idle or reading a head.
/// - **Client faults**: a parse error between requests gets a 400 problem+json, a `Transfer-Encoding` other than
///   `chunked` a 501, `Expect: 100-continue` a `100 Continue` (or 413 without reading the body when `Content-Length`
///   is over the limit); a connection that is not kept alive (HTTP/1.0 without keep-alive, `Connection: close`) is
///   closed after its response.
/// - **Early answers**: a response that goes out before its request's body has all arrived (a 4xx after the first
///   megabytes of a 2 GB upload) says `Connection: close`; the connection then stops writing, discards what the
///   client is still sending for at most `bodyRateWindow` (closing at once would reset it and could lose the answer
///   before the client reads it), and closes.
/// - **Drain**: on quiesce (SIGTERM) a connection with no request in progress is closed at once; any other is closed
///   after `shutdownGrace` if it has not finished by then.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Where the connection is in its request cycle.
    enum Phase: Equatable {
        /// Waiting for a request head; `bytesSeen` once any byte of it came.
        case awaitingHead(bytesSeen: Bool)
        /// Kept alive between requests.
        case idle
        /// Reading a body: bytes counted in the current rate window.
        case readingBody(windowStart: NIODeadline, bytes: Int)
        /// The request is read; the server is answering it.
        case answering
        /// The connection is being closed; input is ignored.
        case closing
    }

    private let settings: ConnectionSettings
    private let maxBodyBytes: Int
    private let table: ConnectionTable
    private let logger: Logger

    private(set) var phase: Phase = .awaitingHead(bytesSeen: false)
    private var connectionID: UInt64?
    /// Request heads passed on minus final responses written.
    private var openRequests = 0
    private var closeAfterResponse = false
    private var draining = false
    /// A `read()` passed through since the last read: the server wants more bytes (no back-pressure).
    private var readRequested = false
    /// When the current phase's deadline passes (``timerFired(context:)`` decides by the phase); nil: none.
    private var deadline: NIODeadline?
    /// The scheduled wake-up, at `wakeUpAt`, never after `deadline`. Deadlines move with every request, but the
    /// wake-up is only moved when a deadline comes earlier than it: one that comes late re-arms itself for the
    /// deadline. A busy keep-alive connection then costs a timer every `bodyRateWindow`, not two per request.
    private var timer: Scheduled<Void>?
    private var wakeUpAt = NIODeadline.distantFuture
    private var graceTimer: Scheduled<Void>?
    /// After an early answer: discarding the rest of the body until the client closes or this fires.
    private var lingerTimer: Scheduled<Void>?
    private var lingerAfterResponse = false
    private var started = false

    init(settings: ConnectionSettings, maxBodyBytes: Int, table: ConnectionTable, logger: Logger) {
        self.settings = settings
        self.maxBodyBytes = maxBodyBytes
        self.table = table
        self.logger = logger
    }

    // MARK: lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        phase = .closing
        context.fireChannelInactive()
    }

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let admission = table.open(context.channel)
        connectionID = admission.id
        let table = self.table
        let id = admission.id
        context.channel.closeFuture.whenComplete { _ in table.closed(id) }
        if let victim = admission.close {
            if victim === context.channel {
                logger.notice("connection cap reached and no connection can be evicted; closing the new one",
                              metadata: ["max_connections": "\(table.capacity)"])
                phase = .closing
                context.close(promise: nil)
                return
            }
            logger.info("connection cap reached; closed the oldest idle or header-reading connection",
                        metadata: ["max_connections": "\(table.capacity)"])
            victim.close(promise: nil)
        }
        arm(after: settings.headerTimeout, context: context)
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readRequested = false
        if case .closing = phase { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            receivedHead(head, data: data, context: context)
        case .body(let buffer):
            if case .readingBody(let start, let bytes) = phase {
                phase = .readingBody(windowStart: start, bytes: bytes + buffer.readableBytes)
            }
            context.fireChannelRead(data)
        case .end:
            if case .readingBody = phase {
                phase = .answering
                cancelTimer()
            }
            context.fireChannelRead(data)
        }
    }

    private func receivedHead(_ head: HTTPRequestHead, data: NIOAny, context: ChannelHandlerContext) {
        if let id = connectionID { table.setEvictable(id, false) }
        cancelTimer()
        // `contains` first: most requests have neither header, and the canonical form splits and allocates.
        if head.headers.contains(name: "transfer-encoding") {
            let codings = head.headers[canonicalForm: "transfer-encoding"].map { $0.lowercased() }
            if !codings.isEmpty && codings != ["chunked"] {
                refuse(.unsupportedTransferEncoding(codings.joined(separator: ", ")), head: head, context: context)
                return
            }
        }
        if head.headers.contains(name: "expect"), head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maxBodyBytes {
                refuse(.payloadTooLarge(limit: maxBodyBytes), head: head, context: context)
                return
            }
            // Only when no earlier response is still owed: a 100 must not land in the middle of one.
            if openRequests == 0 && head.version == .http1_1 {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
            }
        }
        if !head.isKeepAlive { closeAfterResponse = true }
        openRequests += 1
        phase = .readingBody(windowStart: .now(), bytes: 0)
        arm(after: settings.bodyRateWindow, context: context)
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is RequestBytesObserver.BytesReceived:
            switch phase {
            case .idle:
                phase = .awaitingHead(bytesSeen: true)
                arm(after: settings.headerTimeout, context: context)
            case .awaitingHead(bytesSeen: false):
                phase = .awaitingHead(bytesSeen: true)
            default:
                break
            }
        case is ChannelShouldQuiesceEvent:
            quiesce(context: context)
            context.fireUserInboundEventTriggered(event)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        switch phase {
        case .closing:
            return
        case .awaitingHead, .idle:
            // Between requests: nothing else will answer, so this handler does, and closes.
            logger.info("malformed HTTP from client; answered 400 and closed", metadata: ["error": "\(parseError)"])
            if openRequests == 0 {
                respond(.malformedHTTP("\(parseError)"), version: .http1_1, context: context)
            } else {
                closeAfterResponse = true
                phase = .closing
            }
        case .readingBody, .answering:
            // Mid-request: the route reading the body sees the error (a 400); the connection closes after it.
            closeAfterResponse = true
            context.fireErrorCaught(error)
        }
    }

    // MARK: outbound

    func read(context: ChannelHandlerContext) {
        readRequested = true
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            if case .readingBody = phase {
                closeAfterResponse = true
                lingerAfterResponse = true
            }
            if closeAfterResponse || draining {
                head.headers.replaceOrAdd(name: "connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
            } else {
                context.write(data, promise: promise)
            }
        case .end:
            openRequests = max(0, openRequests - 1)
            if closeAfterResponse || (draining && openRequests == 0) {
                phase = .closing
                cancelTimer()
                let written = promise ?? context.eventLoop.makePromise()
                context.writeAndFlush(data, promise: written)
                let linger = lingerAfterResponse
                written.futureResult.assumeIsolated().whenComplete { [self] _ in
                    if linger { self.linger(context: context) } else { context.close(promise: nil) }
                }
                return
            }
            if openRequests == 0, case .answering = phase {
                phase = .idle
                if let id = connectionID { table.setEvictable(id, true) }
                arm(after: settings.idleTimeout, context: context)
            }
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    // MARK: timers

    private func arm(after delay: Duration, context: ChannelHandlerContext) {
        let due = context.eventLoop.now + TimeAmount(delay)
        deadline = due
        if timer == nil || due < wakeUpAt { wakeUp(at: due, context: context) }
    }

    private func wakeUp(at due: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        wakeUpAt = due
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [self] in
            timer = nil
            guard let deadline else { return }
            if deadline > context.eventLoop.now {
                wakeUp(at: deadline, context: context)
            } else {
                self.deadline = nil
                timerFired(context: context)
            }
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        switch phase {
        case .awaitingHead(let bytesSeen):
            logger.info("request head not complete within the header deadline; closing",
                        metadata: ["header_timeout_seconds": "\(seconds(settings.headerTimeout))"])
            if bytesSeen && openRequests == 0 {
                respond(.requestTimeout(seconds: seconds(settings.headerTimeout)), version: .http1_1, context: context)
            } else {
                close(context: context)
            }
        case .idle:
            logger.debug("idle keep-alive connection timed out; closing")
            close(context: context)
        case .readingBody(_, let bytes):
            let required = Double(settings.minBodyBytesPerSecond) * seconds(settings.bodyRateWindow)
            if readRequested && Double(bytes) < required {
                logger.info("request body slower than the minimum rate; closing",
                            metadata: ["bytes": "\(bytes)", "window_seconds": "\(seconds(settings.bodyRateWindow))",
                                       "min_body_bytes_per_second": "\(settings.minBodyBytesPerSecond)"])
                close(context: context)
                return
            }
            // On time, or the server was not asking for bytes (back-pressure): a fresh window.
            phase = .readingBody(windowStart: .now(), bytes: 0)
            arm(after: settings.bodyRateWindow, context: context)
        case .answering, .closing:
            break
        }
    }

    private func quiesce(context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        switch phase {
        case .awaitingHead, .idle:
            if openRequests == 0 {
                close(context: context)
                return
            }
        case .readingBody, .answering, .closing:
            break
        }
        graceTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.shutdownGrace)) { [self] in
            graceTimer = nil
            guard context.channel.isActive else { return }
            logger.notice("shutdown grace period over; closing a connection with a request still in progress",
                          metadata: ["shutdown_grace_seconds": "\(seconds(settings.shutdownGrace))"])
            close(context: context)
        }
    }

    /// Stops writing (the client reads the answer, then end of file) and closes after `bodyRateWindow`, or sooner when
    /// the client closes; input meanwhile is dropped (the phase is `closing`). A channel that cannot half-close closes.
    private func linger(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let halfClosed = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: halfClosed)
        halfClosed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.bodyRateWindow)) { [self] in
            lingerTimer = nil
            logger.debug("client still sending after an early answer; closing")
            context.close(promise: nil)
        }
    }

    /// No deadline until the next `arm`; a wake-up already scheduled finds none and does nothing.
    private func cancelTimer() {
        deadline = nil
    }

    private func cancelTimers() {
        deadline = nil
        timer?.cancel()
        timer = nil
        graceTimer?.cancel()
        graceTimer = nil
        lingerTimer?.cancel()
        lingerTimer = nil
    }

    // MARK: answering here

    /// Refuses a request whose body cannot or must not be read: answers `problem` when no earlier response is owed,
    /// and closes the connection either way.
    private func refuse(_ problem: Problem, head: HTTPRequestHead, context: ChannelHandlerContext) {
        logger.info("refused a request at the connection layer",
                    metadata: ["status": "\(problem.status.code)", "method": "\(head.method.rawValue)", "uri": "\(head.uri)"])
        if openRequests == 0 {
            respond(problem, version: head.version, context: context)
        } else {
            closeAfterResponse = true
            phase = .closing
        }
    }

    /// Writes `problem` as a whole response with `Connection: close`, then closes.
    private func respond(_ problem: Problem, version: HTTPVersion, context: ChannelHandlerContext) {
        phase = .closing
        cancelTimer()
        let body = problem.jsonBytes()
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/problem+json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "connection", value: "close")
        for field in problem.headers { headers.add(name: field.name.rawName, value: field.value) }
        let status = HTTPResponseStatus(statusCode: Int(problem.status.code), reasonPhrase: problem.status.reasonPhrase)
        let responseVersion: HTTPVersion = version.major == 1 && version.minor == 0 ? .http1_0 : .http1_1
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: responseVersion, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func close(context: ChannelHandlerContext) {
        phase = .closing
        cancelTimer()
        context.close(promise: nil)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}
