import HTTPTypes
import PolarModels

/// Stripe's REST API, as far as Polar's payment-method flow uses it: customers, SetupIntents,
/// payment methods and confirmation tokens. The same calls go to Stripe and to the built-in
/// ``StripeEmulator``; only the ``StripeAPI`` differs.
struct StripeClient: Sendable {
    let api: any StripeAPI

    func createCustomer(email: String?, name: String?, address: Address?, metadata: [String: String]) async throws -> StripeCustomer {
        var form = StripeForm()
        form.add("email", email)
        form.add("name", name)
        form.add(address: address)
        form.add(metadata: metadata)
        return try await call(.post, "/v1/customers", form)
    }

    /// Updates the customer; `nil` leaves a field as it is.
    @discardableResult
    func updateCustomer(
        id: String, email: String?, name: String? = nil, address: Address?, defaultPaymentMethod: String?
    ) async throws -> StripeCustomer {
        var form = StripeForm()
        form.add("email", email)
        form.add("name", name)
        form.add(address: address)
        form.add("invoice_settings[default_payment_method]", defaultPaymentMethod)
        return try await call(.post, "/v1/customers/\(id)", form)
    }

    /// A SetupIntent as Polar creates one (portal.md §7.2): every payment method the account
    /// enables, Klarna priced in dollars, and Stripe's default `off_session` usage. It is
    /// confirmed by a second call because Polar's return URL names the SetupIntent.
    func createSetupIntent(customer: String, metadata: [String: String]) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("customer", customer)
        form.add("automatic_payment_methods[enabled]", "true")
        form.add("payment_method_options[klarna][currency]", "usd")
        form.add(metadata: metadata)
        return try await call(.post, "/v1/setup_intents", form)
    }

    /// Confirms with the `ctoken_…` Stripe.js made in the browser; the answer carries the
    /// payment method expanded, as Polar asks for it.
    func confirmSetupIntent(id: String, confirmationToken: String, returnURL: String) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("confirmation_token", confirmationToken)
        form.add("return_url", returnURL)
        form.add("expand[]", "payment_method")
        return try await call(.post, "/v1/setup_intents/\(id)/confirm", form)
    }

    /// The SetupIntent with its payment method expanded.
    func retrieveSetupIntent(id: String) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("expand[]", "payment_method")
        return try await call(.get, "/v1/setup_intents/\(id)", form)
    }

    /// Detaching twice is Stripe's 400 `invalid_request_error`, which Polar ignores.
    @discardableResult
    func detachPaymentMethod(id: String) async throws -> StripePaymentMethod {
        try await call(.post, "/v1/payment_methods/\(id)/detach", StripeForm())
    }

    /// Test mode only: the `ctoken_…` Stripe.js would make from one of Stripe's test payment
    /// methods (`pm_card_visa`, …), which the portal's test-card picker uses in its place.
    func createTestConfirmationToken(paymentMethod: String) async throws -> StripeConfirmationToken {
        var form = StripeForm()
        form.add("payment_method", paymentMethod)
        return try await call(.post, "/v1/test_helpers/confirmation_tokens", form)
    }

    /// The built-in emulator only: completes (or fails) a SetupIntent's 3-D Secure challenge,
    /// as the customer would in the bank's window.
    func authenticateTestSetupIntent(id: String, succeed: Bool) async throws {
        var form = StripeForm()
        if !succeed { form.add("outcome", "fail") }
        _ = try await api.send(.post, "/v1/test_helpers/setup_intents/\(id)/authenticate", form)
    }

    private func call<Object: Decodable>(_ method: HTTPRequest.Method, _ path: String, _ form: StripeForm) async throws -> Object {
        try JSONValueDecoder().decode(Object.self, from: try await api.send(method, path, form))
    }
}
