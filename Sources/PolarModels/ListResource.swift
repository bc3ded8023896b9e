/// Polar's pagination block: how many items match and how many pages of the requested size
/// that makes (`0` when nothing matches).
public struct Pagination: Codable, Sendable, Hashable {
    public var totalCount: Int
    public var maxPage: Int

    public init(totalCount: Int, maxPage: Int) {
        self.totalCount = totalCount
        self.maxPage = maxPage
    }

    enum CodingKeys: String, CodingKey {
        case totalCount = "total_count", maxPage = "max_page"
    }
}

/// One page of a Polar list endpoint.
public struct ListResource<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var items: [Item]
    public var pagination: Pagination

    public init(items: [Item], pagination: Pagination) {
        self.items = items
        self.pagination = pagination
    }
}

/// The sort keys of `GET /v1/customers/` (Polar's `CustomerSortProperty`); the `-` forms sort descending.
public enum CustomerSortProperty: String, Codable, Sendable, Hashable, CaseIterable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case email
    case emailDescending = "-email"
    case name
    case nameDescending = "-name"
}
