import CoreMetrics
import HTTPTypes
import Metrics
import Synchronization

/// The HTTP server's series: `http_server_request_duration_seconds` by route template, method and status, and
/// `http_server_active_requests` by method, each handle made once and then found in a table.
final class HTTPMetrics: Sendable {
    private struct RouteKey: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    /// The route label of a request that matched no route.
    static let unknownRoute = "unknown"

    private let factory: any MetricsFactory
    private let durations = Mutex<[RouteKey: CoreMetrics.Timer]>([:])
    /// One gauge per known method, made up front: read without a lock on every request.
    private let active: [HTTPRequest.Method: Meter]
    /// The gauge of every other method.
    private let otherActive: Meter

    init(factory: any MetricsFactory) {
        self.factory = factory
        func gauge(_ method: HTTPRequest.Method) -> Meter {
            Meter(label: "http_server_active_requests", dimensions: [("http_request_method", method.rawValue)], factory: factory)
        }
        active = Dictionary(uniqueKeysWithValues: Self.knownMethods.map { ($0, gauge($0)) })
        otherActive = gauge(Self.otherMethod)
    }

    /// The methods that get a label of their own; any other is `_OTHER`, so that made-up methods add no series.
    private static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .delete, .patch, .options, .connect, .trace]
    private static let otherMethod = HTTPRequest.Method("_OTHER") ?? .get

    /// The label value of a method.
    static func label(_ method: HTTPRequest.Method) -> HTTPRequest.Method {
        knownMethods.contains(method) ? method : otherMethod
    }

    /// The in-flight gauge of `method` (one lookup: a method without a gauge of its own is not a known one).
    func activeRequests(_ method: HTTPRequest.Method) -> Meter {
        active[method] ?? otherActive
    }

    /// Records one finished request.
    func record(route: String, method: HTTPRequest.Method, status: Int, nanoseconds: Int64) {
        let key = RouteKey(route: route, method: Self.label(method), status: status)
        let timer = durations.withLock { table in
            if let timer = table[key] { return timer }
            let timer = CoreMetrics.Timer(
                label: "http_server_request_duration_seconds",
                dimensions: [("http_route", route), ("http_request_method", key.method.rawValue), ("http_response_status_code", String(status))],
                factory: factory
            )
            table[key] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
    }
}
