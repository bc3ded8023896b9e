import PolarModels

extension Polar {
    /// Polar's customer sessions API, `/v1/customer-sessions/`: reached as
    /// ``Polar/customerSessions``. Needs the `customer_sessions:write` scope.
    public struct CustomerSessions: Sendable {
        let client: Polar

        /// Mints a token for the customer portal API (`POST /v1/customer-sessions/`).
        ///
        /// ```swift
        /// let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .id(customer.id)))
        /// let me = try await polar.withAccessToken(session.token).customerPortal.customers.get()
        /// ```
        /// - Parameter session: Which customer (and member) the session is for.
        /// - Returns: The session; its ``CustomerSession/token`` is shown only this once and lasts an hour.
        /// - Throws: ``PolarError``; `.validation` when the customer or member does not exist.
        public func create(_ session: CustomerSessionCreate) async throws(PolarError) -> CustomerSession {
            try await client.decode(CustomerSession.self, APIRequest(.post, "/v1/customer-sessions/").json(session))
        }
    }
}
