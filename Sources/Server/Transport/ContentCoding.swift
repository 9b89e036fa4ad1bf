import Foundation
import HTTPTypes

/// Reading `Content-Encoding` and `Accept-Encoding` for gzip (RFC 9110 §8.4, §12.5.3).
enum ContentCoding {
    /// What a request's `Content-Encoding` asks of the server.
    enum RequestCoding: Equatable {
        case identity
        case gzip
        case unsupported(String)
    }

    static func requestCoding(_ headers: HTTPFields) -> RequestCoding {
        let codings = headers[values: .contentEncoding]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        switch codings {
        case []: return .identity
        case ["gzip"], ["x-gzip"]: return .gzip
        default: return .unsupported(codings.joined(separator: ", "))
        }
    }

    /// Whether `Accept-Encoding` allows gzip: listed (or `*`) with a q-value above 0.
    static func acceptsGzip(_ headers: HTTPFields) -> Bool {
        var gzip: Double?
        var star: Double?
        for value in headers[values: .acceptEncoding] {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let name = parts.first else { continue }
                var q = 1.0
                for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                    q = Double(parameter.dropFirst(2)) ?? 0
                }
                if name == "gzip" || name == "x-gzip" { gzip = q } else if name == "*" { star = q }
            }
        }
        return (gzip ?? star ?? 0) > 0
    }
}
