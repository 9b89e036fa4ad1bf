import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision (`2026-11-29T19:14:34.123Z`).
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
