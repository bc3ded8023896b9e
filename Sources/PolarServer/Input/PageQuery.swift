/// Polar's pagination parameters: `page` and `limit`, both at least 1; a larger `limit` than
/// 100 is silently clamped.
struct PageQuery: Sendable {
    var page = 1
    var limit = 10

    init() {}

    /// Reads both parameters, recording errors in `reader`.
    init(_ query: QueryParameters, reader: inout InputReader) {
        page = query["page"].flatMap { reader.positiveInt($0, at: ["query", "page"]) } ?? 1
        limit = min(query["limit"].flatMap { reader.positiveInt($0, at: ["query", "limit"]) } ?? 10, 100)
    }

    /// The number of pages `total` items fill.
    func maxPage(total: Int) -> Int { (total + limit - 1) / limit }
}
