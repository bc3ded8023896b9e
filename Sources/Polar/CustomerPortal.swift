import Foundation
import PolarModels

extension Polar {
    /// Polar's customer portal API, `/v1/customer-portal/`: what a customer can see and do
    /// about themself. Reached as ``Polar/customerPortal``.
    ///
    /// Authenticate with a customer session token (`polar_cst_…`, or a member session token in
    /// organizations with members), minted by ``Polar/customerSessions``:
    ///
    /// ```swift
    /// let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .externalID("usr_42")))
    /// let portal = polar.withAccessToken(session.token).customerPortal
    /// let me = try await portal.customers.get()
    /// ```
    public struct CustomerPortal: Sendable {
        let client: Polar

        /// The authenticated customer's profile, payment methods and email
        /// (`/v1/customer-portal/customers/me`).
        public var customers: Customers { Customers(client: client) }
    }
}

extension Polar.CustomerPortal {
    /// The customer-portal operations on the authenticated customer.
    public struct Customers: Sendable {
        let client: Polar

        static let me = "/v1/customer-portal/customers/me"

        // MARK: - Profile

        /// The authenticated customer (`GET /v1/customer-portal/customers/me`).
        /// - Returns: The customer as the portal shows it.
        /// - Throws: ``PolarError``; `.unauthorized` for a missing, expired or non-session token.
        public func get() async throws(PolarError) -> CustomerPortalCustomer {
            try await client.decode(CustomerPortalCustomer.self, APIRequest(.get, Self.me))
        }

        /// Updates the billing details (`PATCH /v1/customer-portal/customers/me`). Only the
        /// fields set in `update` are sent.
        ///
        /// ```swift
        /// let me = try await portal.customers.update(CustomerPortalCustomerUpdate(
        ///     billingAddress: .value(Address(country: "FR")), taxID: .value("FR61954506077")))
        /// ```
        /// - Parameter update: The changes.
        /// - Returns: The updated customer.
        /// - Throws: ``PolarError``; `.validation` for a `null` address or default payment
        ///   method, an unknown payment method, or an invalid tax ID; `.forbidden` for a
        ///   member without a billing role.
        public func update(_ update: CustomerPortalCustomerUpdate) async throws(PolarError) -> CustomerPortalCustomer {
            try await client.decode(CustomerPortalCustomer.self, APIRequest(.patch, Self.me).json(update))
        }

        // MARK: - Payment methods

        /// One page of saved payment methods, newest first
        /// (`GET /v1/customer-portal/customers/me/payment-methods`).
        /// - Parameters:
        ///   - page: The page number, from 1; Polar's default is 1.
        ///   - limit: Items per page; Polar's default is 10 and it caps larger values at 100.
        /// - Returns: The page.
        /// - Throws: ``PolarError``.
        public func listPaymentMethods(page: Int? = nil, limit: Int? = nil) async throws(PolarError)
            -> ListResource<CustomerPaymentMethod>
        {
            try await client.decode(ListResource<CustomerPaymentMethod>.self, Self.paymentMethodsRequest(page: page, limit: limit))
        }

        /// Every saved payment method, page after page, fetched lazily.
        /// - Parameter limit: Items fetched per request, at most 100.
        /// - Returns: A ``Paginator``; no request is sent until it is iterated.
        public func allPaymentMethods(limit: Int = 100) -> Paginator<CustomerPaymentMethod> {
            let client = client
            return Paginator { page throws(PolarError) in
                try await client.decode(
                    ListResource<CustomerPaymentMethod>.self, Self.paymentMethodsRequest(page: page, limit: limit))
            }
        }

        static func paymentMethodsRequest(page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, me + "/payment-methods", query: items)
        }

        /// Saves a payment method from a Stripe ConfirmationToken
        /// (`POST /v1/customer-portal/customers/me/payment-methods`).
        ///
        /// ```swift
        /// switch try await portal.customers.addPaymentMethod(.init(confirmationTokenID: token, setDefault: true, returnURL: "/acme/portal")) {
        /// case .succeeded(let method): print("saved", method.id)
        /// case .requiresAction(let secret): // run stripe.handleNextAction({clientSecret: secret}), then confirmPaymentMethod
        /// }
        /// ```
        /// - Parameter paymentMethod: The ConfirmationToken, whether to make it the default, and the return URL.
        /// - Returns: The saved method, or the client secret of a step the customer must complete.
        /// - Throws: ``PolarError``; `.paymentMethodSetupFailed` when the card is declined.
        public func addPaymentMethod(_ paymentMethod: CustomerPaymentMethodCreate) async throws(PolarError)
            -> CustomerPaymentMethodCreateResponse
        {
            try await client.decode(
                CustomerPaymentMethodCreateResponse.self, APIRequest(.post, Self.me + "/payment-methods").json(paymentMethod))
        }

        /// Completes a payment method after the customer's extra step
        /// (`POST /v1/customer-portal/customers/me/payment-methods/confirm`).
        /// - Parameter confirmation: The SetupIntent and whether to make the method the default.
        /// - Returns: The saved method, or the client secret again if the step is still pending.
        /// - Throws: ``PolarError``; `.customerNotReady` when the customer has no Stripe customer
        ///   yet, `.validation` for an unknown or failed SetupIntent.
        public func confirmPaymentMethod(_ confirmation: CustomerPaymentMethodConfirm) async throws(PolarError)
            -> CustomerPaymentMethodCreateResponse
        {
            try await client.decode(
                CustomerPaymentMethodCreateResponse.self,
                APIRequest(.post, Self.me + "/payment-methods/confirm").json(confirmation))
        }

        /// Deletes a saved payment method
        /// (`DELETE /v1/customer-portal/customers/me/payment-methods/{id}`).
        /// - Parameter id: The payment method's ID.
        /// - Throws: ``PolarError``; `.notFound` for another customer's or an unknown method,
        ///   `.paymentMethodInUse` when it is the only method able to bill a subscription.
        public func deletePaymentMethod(id: UUID) async throws(PolarError) {
            try await client.discardingBody(APIRequest(.delete, Self.me + "/payment-methods/\(id.lowercased)"))
        }

        // MARK: - Email change

        /// Starts an email change: Polar mails a verification link to the new address
        /// (`POST /v1/customer-portal/customers/me/email-update/request`, HTTP 202).
        /// - Parameter request: The new address.
        /// - Throws: ``PolarError``; `.forbidden` when the organization does not allow email
        ///   changes, `.validation` for an invalid or unchanged address or a team customer.
        public func requestEmailUpdate(_ request: CustomerEmailUpdateRequest) async throws(PolarError) {
            try await client.discardingBody(APIRequest(.post, Self.me + "/email-update/request").json(request))
        }

        /// Whether an email-change token is still valid, without using it up
        /// (`GET /v1/customer-portal/customers/me/email-update/check`). Sent without the
        /// bearer token: the email-change token is the credential.
        /// - Parameter token: The `polar_cev_…` token from the verification link.
        /// - Returns: `true` when the token is valid (HTTP 204), `false` when it is invalid,
        ///   expired or superseded (401 `InvalidCustomerEmailUpdate`).
        /// - Throws: ``PolarError`` for any other failure.
        public func checkEmailUpdate(token: String) async throws(PolarError) -> Bool {
            var items = QueryItems()
            items.add("token", token)
            var request = APIRequest(.get, Self.me + "/email-update/check", query: items)
            request.authenticated = false
            do throws(PolarError) {
                try await client.discardingBody(request)
                return true
            } catch {
                if error.code == .unauthorized, error.body?.error == "InvalidCustomerEmailUpdate" { return false }
                throw error
            }
        }

        /// Completes an email change (`POST /v1/customer-portal/customers/me/email-update/verify`).
        /// Sent without the bearer token: the email-change token is the credential.
        /// - Parameter verification: The `polar_cev_…` token from the verification link.
        /// - Returns: A fresh customer session token; the customer's email is now verified.
        /// - Throws: ``PolarError``; `.unauthorized` for an invalid or expired token,
        ///   `.validation` when another customer took the address meanwhile.
        public func verifyEmailUpdate(_ verification: CustomerEmailUpdateVerifyRequest) async throws(PolarError)
            -> CustomerEmailUpdateVerifyResponse
        {
            var request = try APIRequest(.post, Self.me + "/email-update/verify").json(verification)
            request.authenticated = false
            return try await client.decode(CustomerEmailUpdateVerifyResponse.self, request)
        }
    }
}
