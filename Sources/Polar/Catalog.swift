import Foundation
import PolarModels

extension Polar {
    /// Polar's products, `/v1/products/`: reached as ``Polar/products``. Reading needs
    /// `products:read` or `products:write`; changing needs `products:write`.
    ///
    /// ```swift
    /// let pro = try await polar.products.create(ProductCreate(name: "Pro", recurringInterval: "month", prices: [.fixed(amount: 900)]))
    /// _ = try await polar.products.updateBenefits(id: pro.id, benefits: [flag.id])
    /// ```
    public struct Products: Sendable {
        let client: Polar

        /// Creates a product (`POST /v1/products/`).
        /// - Throws: ``PolarError``; `.validation` for bad prices or intervals, every error at once.
        public func create(_ product: ProductCreate) async throws(PolarError) -> Product {
            try await client.decode(Product.self, APIRequest(.post, "/v1/products/").json(product))
        }

        /// One product (`GET /v1/products/{id}`).
        /// - Throws: ``PolarError``; `.notFound` for another organization's product.
        public func get(id: UUID) async throws(PolarError) -> Product {
            try await client.decode(Product.self, APIRequest(.get, Self.path(id)))
        }

        /// Changes a product (`PATCH /v1/products/{id}`): prices left out of a new price list are
        /// archived, and live subscriptions follow.
        public func update(id: UUID, _ update: ProductUpdate) async throws(PolarError) -> Product {
            try await client.decode(Product.self, APIRequest(.patch, Self.path(id)).json(update))
        }

        /// Sets the product's benefits to exactly `benefits` (`POST /v1/products/{id}/benefits`),
        /// granting and revoking them for its subscribers.
        public func updateBenefits(id: UUID, benefits: [UUID]) async throws(PolarError) -> Product {
            try await client.decode(
                Product.self, APIRequest(.post, Self.path(id) + "/benefits").json(["benefits": benefits.map(\.lowercased)]))
        }

        /// One page of products (`GET /v1/products/`).
        /// - Parameters:
        ///   - query: Text found in the name.
        ///   - isArchived: Only archived (`true`) or live (`false`) products.
        ///   - isRecurring: Only subscription (`true`) or one-time (`false`) products.
        ///   - benefitIDs: Only products granting one of these benefits.
        ///   - sorting: Sort keys as Polar spells them (`name`, `-created_at`, `price_amount`, …).
        public func list(
            query: String? = nil, isArchived: Bool? = nil, isRecurring: Bool? = nil, benefitIDs: [UUID] = [],
            metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [], page: Int? = nil, limit: Int? = nil
        ) async throws(PolarError) -> ListResource<Product> {
            try await client.decode(
                ListResource<Product>.self,
                listRequest(query, isArchived, isRecurring, benefitIDs, metadata, sorting, page: page, limit: limit))
        }

        /// Every matching product, page after page, fetched as iteration proceeds.
        public func all(
            query: String? = nil, isArchived: Bool? = nil, isRecurring: Bool? = nil, benefitIDs: [UUID] = [],
            metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [], limit: Int = 100
        ) -> Paginator<Product> {
            let products = self
            return Paginator { page throws(PolarError) in
                try await products.client.decode(
                    ListResource<Product>.self,
                    products.listRequest(query, isArchived, isRecurring, benefitIDs, metadata, sorting, page: page, limit: limit))
            }
        }

        func listRequest(
            _ query: String?, _ isArchived: Bool?, _ isRecurring: Bool?, _ benefitIDs: [UUID], _ metadata: MetadataFilter,
            _ sorting: [String], page: Int?, limit: Int?
        ) -> APIRequest {
            var items = QueryItems()
            items.add("query", query)
            items.add("is_archived", isArchived)
            items.add("is_recurring", isRecurring)
            items.add("benefit_id", each: benefitIDs.map(\.lowercased))
            items.add("metadata", deepObject: metadata)
            items.add("sorting", each: sorting)
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, "/v1/products/", query: items)
        }

        static func path(_ id: UUID) -> String { "/v1/products/\(id.lowercased)" }
    }

    /// Products: what customers buy or subscribe to.
    public var products: Products { Products(client: self) }

    /// Polar's benefits, `/v1/benefits/`: reached as ``Polar/benefits``. Reading needs
    /// `benefits:read` or `benefits:write`; changing needs `benefits:write`.
    public struct Benefits: Sendable {
        let client: Polar

        /// Creates a benefit (`POST /v1/benefits/`).
        /// - Throws: ``PolarError``; `.validation` for bad properties or a kind this server does not offer.
        public func create(_ benefit: BenefitCreate) async throws(PolarError) -> Benefit {
            try await client.decode(Benefit.self, APIRequest(.post, "/v1/benefits/").json(benefit))
        }

        /// One benefit (`GET /v1/benefits/{id}`).
        public func get(id: UUID) async throws(PolarError) -> Benefit {
            try await client.decode(Benefit.self, APIRequest(.get, Self.path(id)))
        }

        /// Changes a benefit (`PATCH /v1/benefits/{id}`); `update.type` must be the benefit's own.
        public func update(id: UUID, _ update: BenefitCreate) async throws(PolarError) -> Benefit {
            try await client.decode(Benefit.self, APIRequest(.patch, Self.path(id)).json(update))
        }

        /// Deletes a benefit (`DELETE /v1/benefits/{id}`): it leaves its products, and what it
        /// granted is revoked.
        public func delete(id: UUID) async throws(PolarError) {
            try await client.discardingBody(APIRequest(.delete, Self.path(id)))
        }

        /// One page of benefits (`GET /v1/benefits/`).
        /// - Parameters:
        ///   - types: Only these kinds.
        ///   - query: Text found in the description.
        public func list(
            types: [BenefitType] = [], query: String? = nil, metadata: MetadataFilter = MetadataFilter(), page: Int? = nil,
            limit: Int? = nil
        ) async throws(PolarError) -> ListResource<Benefit> {
            try await client.decode(ListResource<Benefit>.self, listRequest(types, query, metadata, page: page, limit: limit))
        }

        /// Every matching benefit, page after page, fetched as iteration proceeds.
        public func all(types: [BenefitType] = [], query: String? = nil, metadata: MetadataFilter = MetadataFilter(), limit: Int = 100)
            -> Paginator<Benefit>
        {
            let benefits = self
            return Paginator { page throws(PolarError) in
                try await benefits.client.decode(
                    ListResource<Benefit>.self, benefits.listRequest(types, query, metadata, page: page, limit: limit))
            }
        }

        func listRequest(_ types: [BenefitType], _ query: String?, _ metadata: MetadataFilter, page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("type", each: types.map(\.rawValue))
            items.add("query", query)
            items.add("metadata", deepObject: metadata)
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, "/v1/benefits/", query: items)
        }

        static func path(_ id: UUID) -> String { "/v1/benefits/\(id.lowercased)" }
    }

    /// Benefits: what products grant.
    public var benefits: Benefits { Benefits(client: self) }
}
