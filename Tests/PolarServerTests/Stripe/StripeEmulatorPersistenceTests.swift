import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Stripe emulator: state in the database")
struct StripeEmulatorPersistenceTests {
    @Test("customers, SetupIntents, payment methods and tokens survive re-opening the database")
    func reopen() async throws {
        let database = try await TestServer.freshDatabase()
        let (customerID, methodID, pendingID, tokenID) = try await StripeEmulatorHarness.run(database: database) { stripe in
            let (customer, intent) = try await stripe.setUp("pm_card_visa")
            let methodID = try #require(intent.paymentMethodID)
            try await stripe.updateCustomer(id: customer.id, email: nil, address: nil, defaultPaymentMethod: methodID)
            let (_, pending) = try await stripe.setUp("pm_card_threeDSecure2Required")
            let token = try await stripe.createTestConfirmationToken(paymentMethod: "pm_card_amex").id
            return (customer.id, methodID, pending.id, token)
        }
        try await StripeEmulatorHarness.run(database: database) { stripe in
            let customer = try await stripe.retrieveCustomer(id: customerID)
            #expect(customer.email == "jane@example.com" && customer.defaultPaymentMethod == methodID)
            #expect(try await stripe.retrievePaymentMethod(id: methodID).customer == customerID)
            #expect(try await stripe.retrieveSetupIntent(id: pendingID).status == "requires_action")
            #expect(try await stripe.authenticate(setupIntent: pendingID).status == "succeeded")
            #expect(try await stripe.retrieveConfirmationToken(id: tokenID).paymentMethodDetails["brand"] == "amex")
        }
    }
}
