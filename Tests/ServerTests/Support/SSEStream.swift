import Foundation

/// A Server-Sent Events stream read over a raw loopback connection: the HTTP head, the chunked body decoded, and the
/// events and comments parsed from it.
final class SSEStream: Sendable {
    /// One parsed event (or a comment, with `comment` set).
    struct Event: Sendable, Equatable {
        var id: Int?
        var name: String?
        var data: String?
        var comment: String?

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data((data ?? "").utf8)) as? [String: Any] ?? [:]
        }
    }

    let connection: RawConnection

    private init(connection: RawConnection) { self.connection = connection }

    /// Opens `GET path` with an optional `Last-Event-ID`.
    static func open(port: Int, _ path: String, lastEventID: String? = nil) async throws -> SSEStream {
        let connection = try await RawConnection.connect(port: port)
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        try await connection.send(head + "\r\n")
        return SSEStream(connection: connection)
    }

    /// The status line and headers, once they have arrived.
    var head: String? {
        let text = connection.text
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[..<end.lowerBound])
    }

    var status: Int? {
        head.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
    }

    /// The body so far, with chunked framing removed, and whether the last chunk has come.
    var body: (text: String, complete: Bool) {
        let text = connection.text
        guard let end = text.range(of: "\r\n\r\n") else { return ("", false) }
        var rest = Substring(text[end.upperBound...])
        guard head?.lowercased().contains("transfer-encoding: chunked") == true else { return (String(rest), false) }
        var body = ""
        while let line = rest.range(of: "\r\n") {
            guard let size = Int(rest[..<line.lowerBound], radix: 16) else { break }
            if size == 0 { return (body, true) }
            let start = line.upperBound
            let utf8 = rest.utf8
            guard utf8.distance(from: start, to: utf8.endIndex) >= size + 2 else { break }
            let stop = utf8.index(start, offsetBy: size)
            body += String(rest[start..<stop])
            rest = rest[utf8.index(stop, offsetBy: 2)...]
        }
        return (body, false)
    }

    /// The complete events and comments received so far, in order.
    var events: [Event] {
        let blocks = body.text.components(separatedBy: "\n\n").dropLast()
        return blocks.map { block in
            var event = Event()
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") { event.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces); continue }
                guard let colon = line.firstIndex(of: ":") else { continue }
                let field = line[..<colon]
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                switch field {
                case "id": event.id = Int(value)
                case "event": event.name = String(value)
                case "data": event.data = String(value)
                default: break
                }
            }
            return event
        }
    }

    /// Waits until `condition` holds for the events received; false after `timeout`.
    func waitUntil(timeout: Duration = .seconds(30), _ condition: ([Event]) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(events) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(events)
    }

    /// Waits until the stream's last chunk has come; false after `timeout`.
    func waitForEnd(timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if body.complete { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return body.complete
    }

    func close() async { await connection.close() }
}
