import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Stripe emulator: default and detached payment methods")
struct StripePaymentMethodTests {
    @Test("a detached method is no longer the default; detaching it again is the invalid request Polar ignores")
    func detach() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let (customer, intent) = try await stripe.setUp("pm_card_visa")
            let method = try #require(intent.paymentMethod)
            let updated = try await stripe.updateCustomer(id: customer.id, email: nil, address: nil, defaultPaymentMethod: method.id)
            #expect(updated.defaultPaymentMethod == method.id)

            let detached = try await stripe.detachPaymentMethod(id: method.id)
            #expect(detached.id == method.id && detached.customer == nil)
            #expect(try await stripe.retrievePaymentMethod(id: method.id).customer == nil)
            #expect(try await stripe.retrieveCustomer(id: customer.id).defaultPaymentMethod == nil)

            let again = await #expect(throws: StripeError.self) { try await stripe.detachPaymentMethod(id: method.id) }
            #expect(again?.status == 400 && again?.type == "invalid_request_error" && again?.isInvalidRequest == true)
            #expect(again?.message == "The payment method you provided is not attached to a customer so detachment is impossible.")
        }
    }

    @Test("only a method attached to the customer can be its default")
    func defaultMustBeAttached() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let (customer, _) = try await stripe.setUp("pm_card_visa")
            let (_, other) = try await stripe.setUp("pm_card_mastercard", email: "other@example.com")
            for id in ["pm_missing", try #require(other.paymentMethodID)] {
                let error = await #expect(throws: StripeError.self) {
                    try await stripe.updateCustomer(id: customer.id, email: nil, address: nil, defaultPaymentMethod: id)
                }
                #expect(error?.status == 400 && error?.code == "resource_missing", "\(id)")
                #expect(error?.param == "invoice_settings[default_payment_method]")
            }
            #expect(try await stripe.retrieveCustomer(id: customer.id).defaultPaymentMethod == nil)
        }
    }
}
