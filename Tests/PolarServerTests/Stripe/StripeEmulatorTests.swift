import AsyncHTTPClient
import Foundation
import PolarModels
import Testing

@testable import PolarServer

/// ``StripeClient`` against the built-in emulator, as the server uses it, plus Stripe's errors.
@Suite("Stripe client and emulator")
struct StripeEmulatorTests {
    func withStripe(key: String = "sk_test_tests", _ body: @escaping @Sendable (StripeClient) async throws -> Void) async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let port = try #require(api.client.port)
            try await body(StripeClient(baseURL: { "http://127.0.0.1:\(port)/stripe-emulator" }, secretKey: key, httpClient: .shared))
        }
    }

    @Test("customers, SetupIntents and payment methods round-trip with Stripe's shapes")
    func flow() async throws {
        try await withStripe { stripe in
            let customer = try await stripe.createCustomer(
                email: "jane@example.com", name: "Jane", address: Address(country: "FR"), metadata: ["customer_id": "c1"])
            #expect(customer.hasPrefix("cus_"))
            let intent = try await stripe.createSetupIntent(customer: customer, metadata: [:])
            #expect(intent.status == "requires_payment_method")
            #expect(intent.clientSecret?.hasPrefix(intent.id + "_secret_") == true)
            let confirmed = try await stripe.confirmSetupIntent(id: intent.id, confirmationToken: "pm_card_visa", returnURL: "https://polar.sh/")
            #expect(confirmed.status == "succeeded")
            let method = try #require(confirmed.paymentMethod)
            #expect(method.id.hasPrefix("pm_") && method.type == "card")
            #expect(method.details["last4"] == "4242")
            try await stripe.updateCustomer(id: customer, email: "new@example.com", address: nil, defaultPaymentMethod: method.id)
            let stored = try await stripe.send(.GET, "/v1/customers/\(customer)", StripeForm())
            #expect(stored["email"] == "new@example.com")
            #expect(stored["invoice_settings"]?["default_payment_method"]?.stringValue == method.id)
            #expect(stored["address"]?["country"] == "FR")

            try await stripe.detachPaymentMethod(id: method.id)
            await #expect(throws: StripeError.self) { try await stripe.detachPaymentMethod(id: method.id) }
            do {
                try await stripe.detachPaymentMethod(id: method.id)
            } catch let error as StripeError {
                #expect(error.status == 400 && error.isInvalidRequest)
            }
        }
    }

    @Test("card errors are 402 card_error; unknown objects 404 resource_missing; used tokens refused")
    func errors() async throws {
        try await withStripe { stripe in
            let customer = try await stripe.createCustomer(email: nil, name: nil, address: nil, metadata: [:])
            let intent = try await stripe.createSetupIntent(customer: customer, metadata: [:])
            do {
                _ = try await stripe.confirmSetupIntent(id: intent.id, confirmationToken: "pm_card_chargeDeclinedInsufficientFunds", returnURL: "https://polar.sh/")
                Issue.record("expected a decline")
            } catch let error as StripeError {
                #expect(error.status == 402 && error.isCardError)
                #expect(error.code == "card_declined")
                #expect(error.error["decline_code"] == "insufficient_funds")
            }
            do {
                _ = try await stripe.retrieveSetupIntent(id: "seti_missing")
                Issue.record("expected resource_missing")
            } catch let error as StripeError {
                #expect(error.status == 404 && error.code == "resource_missing")
            }
            let token = try await stripe.send(.POST, "/v1/test_helpers/confirmation_tokens", {
                var form = StripeForm()
                form.add("payment_method", "pm_card_mastercard")
                return form
            }())
            let tokenID = try #require(token["id"]?.stringValue)
            #expect(token["_fixture"] == nil)
            let first = try await stripe.createSetupIntent(customer: customer, metadata: [:])
            #expect(try await stripe.confirmSetupIntent(id: first.id, confirmationToken: tokenID, returnURL: "https://polar.sh/").status == "succeeded")
            let second = try await stripe.createSetupIntent(customer: customer, metadata: [:])
            await #expect(throws: StripeError.self) {
                _ = try await stripe.confirmSetupIntent(id: second.id, confirmationToken: tokenID, returnURL: "https://polar.sh/")
            }
        }
    }

    @Test("a key that is not a test secret key is Stripe's 401")
    func authentication() async throws {
        try await withStripe(key: "pk_live_nope") { stripe in
            do {
                _ = try await stripe.createCustomer(email: nil, name: nil, address: nil, metadata: [:])
                Issue.record("expected a 401")
            } catch let error as StripeError {
                #expect(error.status == 401)
            }
        }
    }
}
