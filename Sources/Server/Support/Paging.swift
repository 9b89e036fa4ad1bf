/// Pages of a list kept oldest first by sequence, served newest first: `limit` items older than a cursor.
enum Paging {
    /// The default and largest `limit` of `GET /models` and `GET /jobs`.
    static let defaultLimit = 100
    static let maxLimit = 1000

    /// Items of `order` with a sequence below `cursor` (all when nil), newest first, at most `limit`, and the cursor
    /// of the next page (the last item's sequence) when older items remain.
    static func page<Item>(
        _ order: [(sequence: Int64, id: String)], limit: Int, before cursor: Int64?, item: (String) -> Item?
    ) -> ([Item], next: Int64?) {
        // `order` is sorted by sequence: find the end of the page by binary search.
        var low = 0
        var high = order.count
        if let cursor {
            while low < high {
                let middle = (low + high) / 2
                if order[middle].sequence < cursor { low = middle + 1 } else { high = middle }
            }
        } else {
            low = order.count
        }
        let end = low
        let start = max(0, end - limit)
        let items = order[start..<end].reversed().compactMap { item($0.id) }
        return (items, start > 0 ? order[start].sequence : nil)
    }
}
