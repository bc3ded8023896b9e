/// Polar's pagination block: how many items match and how many pages of the requested size
/// that makes (`0` when nothing matches).
public struct Pagination: Codable, Sendable, Hashable {
    /// How many items match, across all pages.
    public var totalCount: Int
    /// How many pages the matches fill at the requested size; `0` when none match.
    public var maxPage: Int

    /// Creates a pagination block.
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
    /// The items on this page, in the requested order.
    public var items: [Item]
    /// The totals across all pages.
    public var pagination: Pagination

    /// Creates a page.
    public init(items: [Item], pagination: Pagination) {
        self.items = items
        self.pagination = pagination
    }
}

/// The sort keys of `GET /v1/customers/` (Polar's `CustomerSortProperty`); the `-` forms sort descending.
public enum CustomerSortProperty: String, Codable, Sendable, Hashable, CaseIterable {
    /// Oldest first.
    case createdAt = "created_at"
    /// Newest first.
    case createdAtDescending = "-created_at"
    /// By email, ascending, as stored (not lower-cased).
    case email
    /// By email, descending, as stored (not lower-cased).
    case emailDescending = "-email"
    /// By name, ascending.
    case name
    /// By name, descending.
    case nameDescending = "-name"
}
