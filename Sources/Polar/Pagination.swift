import PolarModels

/// Every item of a paginated Polar list, fetched one page at a time as iteration reaches it.
///
/// ```swift
/// for try await customer in polar.customers.all(sorting: [.email]) {
///     print(customer.email ?? "-")
/// }
/// for try await page in polar.customers.all().pages {
///     print(page.items.count, "of", page.pagination.totalCount)
/// }
/// ```
///
/// Nothing is requested until iteration starts. Paging stops after the page numbered
/// `pagination.max_page`, or at the first page with no items. Polar pages by offset, so
/// customers created or deleted during a walk can shift items between pages: sort by a key
/// that new items do not disturb (such as `created_at` ascending) for a stable walk.
///
/// Iteration throws ``PolarError``.
public struct Paginator<Item: Codable & Sendable & Hashable>: AsyncSequence, Sendable {
    /// One item of a page.
    public typealias Element = Item

    /// Fetches one page by number.
    let fetch: @Sendable (_ page: Int) async throws(PolarError) -> ListResource<Item>

    /// Creates a paginator over any page-numbered list.
    /// - Parameter fetch: Fetches the page numbered by its argument, from 1.
    public init(fetch: @escaping @Sendable (_ page: Int) async throws(PolarError) -> ListResource<Item>) {
        self.fetch = fetch
    }

    /// The same walk, one ``ListResource`` page at a time. The first page is always
    /// produced, even when empty, so its `pagination` can be read.
    public var pages: Pages { Pages(fetch: fetch) }

    /// Iterates the items of every page.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: Pages.AsyncIterator
        var buffer: [Item] = []
        var index = 0

        /// The next item, fetching the next page when the current one is used up.
        /// - Throws: ``PolarError``.
        public mutating func next() async throws -> Item? {
            while index == buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.items
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// Starts a walk from page 1.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: pages.makeAsyncIterator()) }

    /// The pages of a ``Paginator``.
    public struct Pages: AsyncSequence, Sendable {
        /// One page.
        public typealias Element = ListResource<Item>

        let fetch: @Sendable (_ page: Int) async throws(PolarError) -> ListResource<Item>

        /// Iterates the pages.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let fetch: @Sendable (_ page: Int) async throws(PolarError) -> ListResource<Item>
            var nextPage: Int? = 1

            /// The next page, or `nil` once the last page was produced.
            /// - Throws: ``PolarError``.
            public mutating func next() async throws -> ListResource<Item>? {
                guard let number = nextPage else { return nil }
                nextPage = nil
                let page = try await fetch(number)
                if number > 1, page.items.isEmpty { return nil }
                if !page.items.isEmpty, number < page.pagination.maxPage { nextPage = number + 1 }
                return page
            }
        }

        /// Starts a walk from page 1.
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }
    }
}
