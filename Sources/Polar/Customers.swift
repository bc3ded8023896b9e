import Foundation
import PolarModels

extension Polar {
    /// Polar's organization-side customers API, `/v1/customers/`: reached as
    /// ``Polar/customers``.
    ///
    /// Reading needs the `customers:read` or `customers:write` scope; creating, updating and
    /// deleting need `customers:write`.
    public struct Customers: Sendable {
        let client: Polar

        // MARK: - List

        /// One page of customers (`GET /v1/customers/`).
        ///
        /// ```swift
        /// let page = try await polar.customers.list(query: "jane", metadata: ["plan": "pro"], sorting: [.email], limit: 50)
        /// ```
        /// - Parameters:
        ///   - organizationIDs: Only customers of these organizations (sent as repeated
        ///     `organization_id`); an inaccessible organization just matches nothing. Empty means
        ///     the configured ``Polar/Configuration/organizationID``, if any, else every visible one.
        ///   - email: Exact email, ignoring case.
        ///   - query: Text found in the email, name or billing name, or at the start of the external ID, ignoring case.
        ///   - active: `true` for customers with a trialing, active or past-due subscription; `false` for the others.
        ///   - metadata: Metadata conditions (see ``MetadataFilter``).
        ///   - sorting: Sort keys applied in order; Polar's default is newest first.
        ///   - page: The page number, from 1; Polar's default is 1.
        ///   - limit: Items per page; Polar's default is 10 and it caps larger values at 100.
        /// - Returns: The page and the pagination totals.
        /// - Throws: ``PolarError``; `.validation` for a bad `page` or `limit`.
        public func list(
            organizationIDs: [UUID] = [], email: String? = nil, query: String? = nil, active: Bool? = nil,
            metadata: MetadataFilter = MetadataFilter(), sorting: [CustomerSortProperty] = [], page: Int? = nil,
            limit: Int? = nil
        ) async throws(PolarError) -> ListResource<Customer> {
            let filter = ListFilter(
                organizationIDs: organizationIDs, email: email, query: query, active: active, metadata: metadata, sorting: sorting)
            return try await client.decode(ListResource<Customer>.self, listRequest(filter, page: page, limit: limit))
        }

        /// Every matching customer, page after page, fetched lazily as iteration proceeds.
        ///
        /// ```swift
        /// for try await customer in polar.customers.all(active: true) { … }
        /// ```
        /// - Parameters:
        ///   - organizationIDs: As for ``list(organizationIDs:email:query:active:metadata:sorting:page:limit:)``.
        ///   - email: Exact email, ignoring case.
        ///   - query: Text search over email, name, billing name and external ID.
        ///   - active: Subscription filter.
        ///   - metadata: Metadata conditions.
        ///   - sorting: Sort keys; `created_at` ascending gives the steadiest walk while customers are being added.
        ///   - limit: Items fetched per request, at most 100.
        /// - Returns: A ``Paginator``; no request is sent until it is iterated.
        public func all(
            organizationIDs: [UUID] = [], email: String? = nil, query: String? = nil, active: Bool? = nil,
            metadata: MetadataFilter = MetadataFilter(), sorting: [CustomerSortProperty] = [], limit: Int = 100
        ) -> Paginator<Customer> {
            let filter = ListFilter(
                organizationIDs: organizationIDs, email: email, query: query, active: active, metadata: metadata, sorting: sorting)
            let client = client
            let customers = self
            return Paginator { page throws(PolarError) in
                try await client.decode(ListResource<Customer>.self, customers.listRequest(filter, page: page, limit: limit))
            }
        }

        /// The list filters, shared by `list` and `all`.
        struct ListFilter: Sendable {
            var organizationIDs: [UUID]
            var email: String?
            var query: String?
            var active: Bool?
            var metadata: MetadataFilter
            var sorting: [CustomerSortProperty]
        }

        func listRequest(_ filter: ListFilter, page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("organization_id", each: organizationIDs(filter.organizationIDs).map(\.lowercased))
            items.add("email", filter.email)
            items.add("query", filter.query)
            items.add("active", filter.active)
            items.add("page", page)
            items.add("limit", limit)
            items.add("sorting", each: filter.sorting.map(\.rawValue))
            items.add("metadata", deepObject: filter.metadata)
            return APIRequest(.get, "/v1/customers/", query: items)
        }

        /// The organizations to filter by: the given ones, else the configured default.
        private func organizationIDs(_ given: [UUID]) -> [UUID] {
            if given.isEmpty, let configured = client.configuration.organizationID { return [configured] }
            return given
        }

        // MARK: - Create

        /// Creates a customer (`POST /v1/customers/`).
        ///
        /// ```swift
        /// let customer = try await polar.customers.create(
        ///     CustomerCreate(email: "jane@example.com", name: "Jane", externalID: "usr_42", metadata: ["plan": "pro"]))
        /// ```
        /// With a user token and no `organizationID` in `customer`, the configured
        /// ``Polar/Configuration/organizationID`` is sent.
        /// - Parameter customer: The new customer.
        /// - Returns: The created customer (HTTP 201).
        /// - Throws: ``PolarError``; `.validation` for invalid fields and for an email or
        ///   external ID already in use (Polar never answers 409).
        public func create(_ customer: CustomerCreate) async throws(PolarError) -> Customer {
            var customer = customer
            if customer.organizationID == nil { customer.organizationID = client.configuration.organizationID }
            return try await client.decode(Customer.self, APIRequest(.post, "/v1/customers/").json(customer))
        }

        // MARK: - Export

        /// Streams every customer as CSV (`GET /v1/customers/export`), without holding the file
        /// in memory.
        ///
        /// ```swift
        /// let export = try await polar.customers.export()
        /// for try await row in export.rows { print(row) }   // ["ID", "External ID", "Created At", …] first
        /// ```
        /// - Parameter organizationIDs: Only these organizations; empty means the configured
        ///   default, if any, else every visible one.
        /// - Returns: The export, once the response head has arrived; iterate its bytes or ``CustomerExport/rows``.
        /// - Throws: ``PolarError`` when the export cannot start.
        public func export(organizationIDs: [UUID] = []) async throws(PolarError) -> CustomerExport {
            var items = QueryItems()
            items.add("organization_id", each: self.organizationIDs(organizationIDs).map(\.lowercased))
            var request = APIRequest(.get, "/v1/customers/export", query: items)
            request.accept = "text/csv"
            let response = try await client.send(request)
            return CustomerExport(
                body: response.body, contentType: response.header("Content-Type"),
                contentDisposition: response.header("Content-Disposition"))
        }

        // MARK: - Get

        /// A customer by Polar ID (`GET /v1/customers/{id}`).
        /// - Parameter id: The customer's ID.
        /// - Returns: The customer.
        /// - Throws: ``PolarError``; `.notFound` when it does not exist or was deleted.
        public func get(id: UUID) async throws(PolarError) -> Customer {
            try await client.decode(Customer.self, APIRequest(.get, Self.path(id: id)))
        }

        /// A customer by your external ID, matched exactly (`GET /v1/customers/external/{external_id}`).
        /// - Parameter externalID: The external ID.
        /// - Returns: The customer.
        /// - Throws: ``PolarError``; `.notFound` when no live customer has it.
        public func get(externalID: String) async throws(PolarError) -> Customer {
            try await client.decode(Customer.self, APIRequest(.get, Self.path(externalID: externalID)))
        }

        // MARK: - Update

        /// Updates a customer (`PATCH /v1/customers/{id}`). Only the fields set in `update` are
        /// sent; `.null` clears a field where Polar allows it.
        ///
        /// ```swift
        /// let customer = try await polar.customers.update(id: id, CustomerUpdate(name: .value("Jane Doe"), taxID: .null))
        /// ```
        /// - Parameters:
        ///   - id: The customer's ID.
        ///   - update: The changes.
        /// - Returns: The updated customer.
        /// - Throws: ``PolarError``; `.notFound`, or `.validation` for invalid values, a taken
        ///   email, a changed external ID, a `team` → `individual` downgrade, or a `null` address.
        public func update(id: UUID, _ update: CustomerUpdate) async throws(PolarError) -> Customer {
            try await client.decode(Customer.self, APIRequest(.patch, Self.path(id: id)).json(update))
        }

        /// Updates a customer found by external ID (`PATCH /v1/customers/external/{external_id}`).
        ///
        /// This route cannot change `externalID` or `type`: they are left out of the request.
        /// - Parameters:
        ///   - externalID: The external ID.
        ///   - update: The changes.
        /// - Returns: The updated customer.
        /// - Throws: ``PolarError``; `.notFound` or `.validation`.
        public func update(externalID: String, _ update: CustomerUpdate) async throws(PolarError) -> Customer {
            var update = update
            update.externalID = .absent
            update.type = .absent
            return try await client.decode(Customer.self, APIRequest(.patch, Self.path(externalID: externalID)).json(update))
        }

        // MARK: - Delete

        /// Deletes a customer (`DELETE /v1/customers/{id}`). Its subscriptions are cancelled
        /// and benefits revoked shortly after; its email and external ID become free at once.
        /// - Parameters:
        ///   - id: The customer's ID.
        ///   - anonymize: Also replace personal data with hashes (email, name unless a tax ID is
        ///     set, billing name) and drop the billing address.
        /// - Throws: ``PolarError``; `.notFound` when it does not exist or was already deleted.
        public func delete(id: UUID, anonymize: Bool = false) async throws(PolarError) {
            try await client.discardingBody(Self.deleteRequest(Self.path(id: id), anonymize: anonymize))
        }

        /// Deletes a customer found by external ID (`DELETE /v1/customers/external/{external_id}`).
        /// - Parameters:
        ///   - externalID: The external ID.
        ///   - anonymize: Also replace personal data with hashes.
        /// - Throws: ``PolarError``; `.notFound` when no live customer has it.
        public func delete(externalID: String, anonymize: Bool = false) async throws(PolarError) {
            try await client.discardingBody(Self.deleteRequest(Self.path(externalID: externalID), anonymize: anonymize))
        }

        private static func deleteRequest(_ path: String, anonymize: Bool) -> APIRequest {
            var items = QueryItems()
            if anonymize { items.add("anonymize", true) }
            return APIRequest(.delete, path, query: items)
        }

        // MARK: - State

        /// A customer with its active subscriptions, granted benefits and meters
        /// (`GET /v1/customers/{id}/state`). Polar may serve it from a cache up to an hour old.
        /// - Parameter id: The customer's ID.
        /// - Returns: The state.
        /// - Throws: ``PolarError``; `.notFound`.
        public func state(id: UUID) async throws(PolarError) -> CustomerState {
            try await client.decode(CustomerState.self, APIRequest(.get, Self.path(id: id) + "/state"))
        }

        /// A customer's state found by external ID (`GET /v1/customers/external/{external_id}/state`).
        /// - Parameter externalID: The external ID.
        /// - Returns: The state.
        /// - Throws: ``PolarError``; `.notFound`.
        public func state(externalID: String) async throws(PolarError) -> CustomerState {
            try await client.decode(CustomerState.self, APIRequest(.get, Self.path(externalID: externalID) + "/state"))
        }

        // MARK: - Payment methods

        /// A customer's saved payment methods (`GET /v1/customers/{id}/payment-methods`).
        /// - Throws: ``PolarError``; `.notFound`.
        public func listPaymentMethods(id: UUID, page: Int? = nil, limit: Int? = nil) async throws(PolarError)
            -> ListResource<CustomerPaymentMethod>
        {
            try await client.decode(ListResource<CustomerPaymentMethod>.self, Self.paymentMethods(Self.path(id: id), page: page, limit: limit))
        }

        /// A customer's saved payment methods found by external ID
        /// (`GET /v1/customers/external/{external_id}/payment-methods`).
        /// - Throws: ``PolarError``; `.notFound`.
        public func listPaymentMethods(externalID: String, page: Int? = nil, limit: Int? = nil) async throws(PolarError)
            -> ListResource<CustomerPaymentMethod>
        {
            try await client.decode(
                ListResource<CustomerPaymentMethod>.self, Self.paymentMethods(Self.path(externalID: externalID), page: page, limit: limit))
        }

        static func paymentMethods(_ customerPath: String, page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, customerPath + "/payment-methods", query: items)
        }

        // MARK: - Paths

        static func path(id: UUID) -> String { "/v1/customers/\(id.lowercased)" }
        static func path(externalID: String) -> String { "/v1/customers/external/\(pathSegment(externalID))" }
    }
}
