import Foundation
import PolarModels

extension Polar {
    /// Polar's subscriptions, `/v1/subscriptions/`: reached as ``Polar/subscriptions``. Reading
    /// needs `subscriptions:read` or `subscriptions:write`; changing needs `subscriptions:write`.
    ///
    /// ```swift
    /// let subscription = try await polar.subscriptions.create(SubscriptionCreate(customer: .externalID("usr_42"), productID: free.id))
    /// _ = try await polar.subscriptions.cancelAtPeriodEnd(id: subscription.id)
    /// ```
    public struct Subscriptions: Sendable {
        let client: Polar

        /// Subscribes a customer to a free recurring product (`POST /v1/subscriptions/`).
        /// - Throws: ``PolarError``; `.validation` for a paid or one-time product or an unknown customer.
        public func create(_ subscription: SubscriptionCreate) async throws(PolarError) -> Subscription {
            try await client.decode(Subscription.self, APIRequest(.post, "/v1/subscriptions/").json(subscription))
        }

        /// One subscription (`GET /v1/subscriptions/{id}`).
        public func get(id: UUID) async throws(PolarError) -> Subscription {
            try await client.decode(Subscription.self, APIRequest(.get, Self.path(id)))
        }

        /// Cancels at the end of the current period, or takes that back with `false`
        /// (`PATCH /v1/subscriptions/{id}`); the customer keeps its benefits until then.
        /// - Parameters:
        ///   - reason: Polar's cancellation reason (`too_expensive`, `unused`, …).
        ///   - comment: What the customer said.
        /// - Throws: ``PolarError``; `.forbidden` for one already ended.
        public func cancelAtPeriodEnd(id: UUID, _ cancel: Bool = true, reason: String? = nil, comment: String? = nil)
            async throws(PolarError) -> Subscription
        {
            var body: [String: JSONValue] = ["cancel_at_period_end": .bool(cancel)]
            if let reason { body["customer_cancellation_reason"] = .string(reason) }
            if let comment { body["customer_cancellation_comment"] = .string(comment) }
            return try await client.decode(Subscription.self, APIRequest(.patch, Self.path(id)).json(body))
        }

        /// Replaces the subscription's metadata (`PATCH /v1/subscriptions/{id}`).
        public func updateMetadata(id: UUID, _ metadata: Metadata) async throws(PolarError) -> Subscription {
            try await client.decode(Subscription.self, APIRequest(.patch, Self.path(id)).json(["metadata": metadata]))
        }

        /// Ends the subscription now (`DELETE /v1/subscriptions/{id}`): its benefits are revoked.
        public func revoke(id: UUID) async throws(PolarError) -> Subscription {
            try await client.decode(Subscription.self, APIRequest(.delete, Self.path(id)))
        }

        /// One page of subscriptions (`GET /v1/subscriptions/`).
        /// - Parameters:
        ///   - customerIDs: Only these customers'.
        ///   - externalCustomerIDs: Only these external customers'.
        ///   - productIDs: Only of these products.
        ///   - active: Only live (`true`) or ended (`false`) ones.
        ///   - cancelAtPeriodEnd: Only those ending (`true`) or renewing (`false`) at period end.
        ///   - sorting: Sort keys as Polar spells them (`-started_at` is its default, `status`, …).
        public func list(
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], productIDs: [UUID] = [], active: Bool? = nil,
            cancelAtPeriodEnd: Bool? = nil, metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [], page: Int? = nil,
            limit: Int? = nil
        ) async throws(PolarError) -> ListResource<Subscription> {
            let filter = ListFilter(
                customerIDs: customerIDs, externalCustomerIDs: externalCustomerIDs, productIDs: productIDs, active: active,
                cancelAtPeriodEnd: cancelAtPeriodEnd, metadata: metadata, sorting: sorting)
            return try await client.decode(ListResource<Subscription>.self, listRequest(filter, page: page, limit: limit))
        }

        /// Every matching subscription, page after page, fetched as iteration proceeds.
        public func all(
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], productIDs: [UUID] = [], active: Bool? = nil,
            cancelAtPeriodEnd: Bool? = nil, metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [], limit: Int = 100
        ) -> Paginator<Subscription> {
            let filter = ListFilter(
                customerIDs: customerIDs, externalCustomerIDs: externalCustomerIDs, productIDs: productIDs, active: active,
                cancelAtPeriodEnd: cancelAtPeriodEnd, metadata: metadata, sorting: sorting)
            let subscriptions = self
            return Paginator { page throws(PolarError) in
                try await subscriptions.client.decode(ListResource<Subscription>.self, subscriptions.listRequest(filter, page: page, limit: limit))
            }
        }

        /// The list filters, shared by `list` and `all`.
        struct ListFilter: Sendable {
            var customerIDs: [UUID]
            var externalCustomerIDs: [String]
            var productIDs: [UUID]
            var active: Bool?
            var cancelAtPeriodEnd: Bool?
            var metadata: MetadataFilter
            var sorting: [String]
        }

        func listRequest(_ filter: ListFilter, page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("customer_id", each: filter.customerIDs.map(\.lowercased))
            items.add("external_customer_id", each: filter.externalCustomerIDs)
            items.add("product_id", each: filter.productIDs.map(\.lowercased))
            items.add("active", filter.active)
            items.add("cancel_at_period_end", filter.cancelAtPeriodEnd)
            items.add("metadata", deepObject: filter.metadata)
            items.add("sorting", each: filter.sorting)
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, "/v1/subscriptions/", query: items)
        }

        static func path(_ id: UUID) -> String { "/v1/subscriptions/\(id.lowercased)" }
    }

    /// Subscriptions: customers' recurring purchases.
    public var subscriptions: Subscriptions { Subscriptions(client: self) }
}
