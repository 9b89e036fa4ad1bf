import Hummingbird
import HummingbirdCore

/// `?limit=` and `?cursor=` of a list route: at most `limit` items (default ``Paging/defaultLimit``, at most
/// ``Paging/maxLimit``) older than the cursor a previous page's `next` gave.
struct PageRequest {
    let limit: Int
    let cursor: Int64?

    init(_ query: FlatDictionary<Substring, Substring>) throws(Problem) {
        if let value = query.get("limit") {
            guard let limit = Int(value), (1...Paging.maxLimit).contains(limit) else {
                throw Problem.badRequest("limit must be a whole number from 1 to \(Paging.maxLimit), got '\(value)'")
            }
            self.limit = limit
        } else {
            limit = Paging.defaultLimit
        }
        if let value = query.get("cursor") {
            guard let cursor = Int64(value), cursor > 0 else {
                throw Problem.badRequest("cursor must be the 'next' value of a previous page, got '\(value)'")
            }
            self.cursor = cursor
        } else {
            cursor = nil
        }
    }

    /// The `next` member for a page that ends before `sequence`.
    static func cursor(_ sequence: Int64) -> String { String(sequence) }
}
