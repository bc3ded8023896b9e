import Foundation
import PolarModels

extension Polar {
    /// Test clocks, `/v1/test-clocks/`: this service's extension after Stripe's, not part of
    /// Polar's hosted API. Reached as ``Polar/testClocks``. Reading needs `subscriptions:read`,
    /// changing `subscriptions:write`.
    ///
    /// ```swift
    /// let clock = try await polar.testClocks.create(TestClockCreate(frozenTime: start))
    /// let customer = try await polar.customers.create(CustomerCreate(email: "ada@example.com", testClockID: clock.id))
    /// // … subscribe the customer, then live through three months in one call:
    /// _ = try await polar.testClocks.advance(id: clock.id, to: start.addingTimeInterval(92 * 86_400))
    /// ```
    public struct TestClocks: Sendable {
        let client: Polar

        /// Creates a clock (`POST /v1/test-clocks/`), at now unless told otherwise.
        /// - Throws: ``PolarError``; `.validation` for a time without a timezone.
        public func create(_ clock: TestClockCreate = TestClockCreate()) async throws(PolarError) -> TestClock {
            try await client.decode(TestClock.self, APIRequest(.post, "/v1/test-clocks/").json(clock))
        }

        /// One clock (`GET /v1/test-clocks/{id}`).
        /// - Throws: ``PolarError``; not found for another organization's clock.
        public func get(id: UUID) async throws(PolarError) -> TestClock {
            try await client.decode(TestClock.self, APIRequest(.get, Self.path(id)))
        }

        /// One page of the organization's clocks, newest first (`GET /v1/test-clocks/`).
        public func list(page: Int? = nil, limit: Int? = nil) async throws(PolarError) -> ListResource<TestClock> {
            var items = QueryItems()
            items.add("page", page)
            items.add("limit", limit)
            return try await client.decode(ListResource<TestClock>.self, APIRequest(.get, "/v1/test-clocks/", query: items))
        }

        /// Moves the clock to `time` (`POST /v1/test-clocks/{id}/advance`) and returns once every
        /// renewal and period-end cancellation on the way has run, with its webhooks queued.
        /// - Throws: ``PolarError``; `.validation` for a time before the clock's.
        public func advance(id: UUID, to time: Date) async throws(PolarError) -> TestClock {
            try await client.decode(TestClock.self, APIRequest(.post, Self.path(id) + "/advance").json(TestClockAdvance(frozenTime: time)))
        }

        /// Deletes the clock and every customer on it (`DELETE /v1/test-clocks/{id}`).
        public func delete(id: UUID) async throws(PolarError) {
            try await client.discardingBody(APIRequest(.delete, Self.path(id)))
        }

        static func path(_ id: UUID) -> String { "/v1/test-clocks/\(id.lowercased)" }
    }

    /// Test clocks: this service's extension for living through billing periods in a test.
    public var testClocks: TestClocks { TestClocks(client: self) }
}
