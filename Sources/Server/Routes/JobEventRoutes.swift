import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /jobs/{id}/events`: a job's live progress as Server-Sent Events (operations.md, "Live progress").
///
/// The stream sends what the job's ``JobEventHub`` log holds past `Last-Event-ID` (or from the start), then whatever
/// is published, pausing `interval_ms` after each write (so `progress` comes at most that often; the newest one
/// supersedes those in between), and `: keep-alive` after each `keepAlive` of silence. It ends after the job's
/// final `status`, when the client goes away, or on graceful shutdown.
struct JobEventRoutes {
    static let defaultIntervalMilliseconds = 250
    static let intervalRange = 50...600_000

    let runner: JobRunner
    let settings: EventStreamSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/jobs/{id}/events") { request, context in
            let id = try context.pathParameter("id")
            let interval = try Self.interval(request.uri.queryParameters.get("interval_ms"))
            let after = try Self.lastEventID(request.headers[.lastEventID])
            let subscription: JobEventSubscription
            do throws(JobEventHub.SubscribeError) {
                subscription = try runner.events.subscribe(id)
            } catch {
                throw Problem(error)
            }
            let keepAlive = settings.keepAlive
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", Self.accelBuffering: "no"],
                body: ResponseBody { writer in
                    let frames = JobEventFrames(subscription: subscription, after: after, interval: interval, keepAlive: keepAlive)
                    do {
                        try await request.body.consumeWithCancellationOnInboundClose { _ in
                            for try await frame in frames.cancelOnGracefulShutdown() { try await writer.write(frame) }
                        }
                    } catch is CancellationError {
                        // The client left or the server is shutting down: the stream simply ends.
                    }
                    try await writer.finish(nil)
                }
            )
        }
    }

    /// Tells nginx-like proxies not to buffer the stream.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!

    /// `?interval_ms=`: 250 by default, 50…600000; anything else is 422.
    static func interval(_ value: String?) throws(Problem) -> Duration {
        guard let value else { return .milliseconds(defaultIntervalMilliseconds) }
        guard let milliseconds = Int(value), intervalRange.contains(milliseconds) else {
            throw Problem.unprocessable(
                "interval_ms must be an integer from \(intervalRange.lowerBound) to \(intervalRange.upperBound), got '\(value.prefix(40))'",
                kind: "invalid-value")
        }
        return .milliseconds(milliseconds)
    }

    /// `Last-Event-ID`: the id of the last event the client has (0 when absent); not a non-negative integer is 400.
    static func lastEventID(_ value: String?) throws(Problem) -> Int {
        guard let value, !value.isEmpty else { return 0 }
        guard let id = Int(value.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw Problem.badRequest("Last-Event-ID must be a non-negative integer (an event id of this job), got '\(value.prefix(40))'")
        }
        return id
    }
}

extension HTTPField.Name {
    /// `Last-Event-ID`: the id of the last event an SSE client received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}
