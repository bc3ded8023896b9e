import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Stripe emulator: SetupIntents confirmed with Stripe's test cards")
struct StripeSetupIntentTests {
    @Test("a test-helper confirmation token saves a clone of the card, attached to the customer")
    func confirmationToken() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let token = try await stripe.createTestConfirmationToken(paymentMethod: "pm_card_visa").id
            #expect(token.hasPrefix("ctoken_"))
            let preview = try await stripe.retrieveConfirmationToken(id: token)
            #expect(preview.paymentMethodType == "card" && preview.paymentMethodDetails["last4"] == "4242")
            #expect(preview.setupIntent == nil)

            let customer = try await stripe.createCustomer(email: "jane@example.com", name: nil, address: nil, metadata: [:])
            let created = try await stripe.createSetupIntent(customer: customer.id, metadata: ["customer_id": "c1"])
            #expect(created.id.hasPrefix("seti_") && created.status == "requires_payment_method")
            #expect(created.clientSecret?.hasPrefix(created.id + "_secret_") == true)
            #expect(created.customer == customer.id && created.paymentMethodID == nil)

            let confirmed = try await stripe.confirmSetupIntent(id: created.id, confirmationToken: token, returnURL: "https://polar.sh/")
            #expect(confirmed.status == "succeeded" && confirmed.nextActionType == nil)
            let method = try #require(confirmed.paymentMethod)
            #expect(method.id.hasPrefix("pm_") && method.id != "pm_card_visa" && confirmed.paymentMethodID == method.id)
            #expect(method.type == "card" && method.customer == customer.id && method.created > 0)
            #expect(method.details["brand"] == "visa" && method.details["last4"] == "4242")
            #expect(method.details["exp_month"] == 12 && method.details["exp_year"] == 2034 && method.details["wallet"] == JSONValue.null)

            #expect(try await stripe.retrievePaymentMethod(id: method.id).customer == customer.id)
            #expect(try await stripe.retrieveSetupIntent(id: created.id).paymentMethod?.id == method.id)
            #expect(try await stripe.retrieveConfirmationToken(id: token).setupIntent == created.id)

            // A token is good for one confirmation only.
            let second = try await stripe.createSetupIntent(customer: customer.id, metadata: [:])
            let reused = await #expect(throws: StripeError.self) {
                _ = try await stripe.confirmSetupIntent(id: second.id, confirmationToken: token, returnURL: "https://polar.sh/")
            }
            #expect(reused?.status == 400 && reused?.isInvalidRequest == true && reused?.param == "confirmation_token")
        }
    }

    @Test("a fixture name works as a confirmation token, each confirmation a new payment method")
    func fixtureNames() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let (customer, mastercard) = try await stripe.setUp("pm_card_mastercard")
            #expect(mastercard.status == "succeeded")
            #expect(mastercard.paymentMethod?.details["brand"] == "mastercard" && mastercard.paymentMethod?.details["last4"] == "4444")
            let again = try await stripe.confirmSetupIntent(
                id: try await stripe.createSetupIntent(customer: customer.id, metadata: [:]).id, confirmationToken: "pm_card_mastercard",
                returnURL: "https://polar.sh/")
            #expect(again.paymentMethod?.id != mastercard.paymentMethod?.id)

            let cards: [(String, String, String, String)] = [
                ("pm_card_visa", "visa", "4242", "credit"), ("pm_card_amex", "amex", "8431", "credit"),
                ("pm_card_visa_debit", "visa", "5556", "debit"),
            ]
            for (fixture, brand, last4, funding) in cards {
                let method = try #require(try await stripe.setUp(fixture).1.paymentMethod, "\(fixture)")
                #expect(method.details["brand"] == .string(brand) && method.details["last4"] == .string(last4), "\(fixture)")
                #expect(method.details["funding"] == .string(funding), "\(fixture)")
            }
            let korean = try #require(try await stripe.setUp("pm_card_kr").1.paymentMethod)
            #expect(korean.type == "kr_card" && korean.details == .object(["brand": "bc", "last4": "4444"]))
            let sepa = try #require(try await stripe.setUp("pm_sepa_debit").1.paymentMethod)
            #expect(sepa.type == "sepa_debit" && sepa.details["last4"] == "3000" && sepa.details["brand"] == nil)

            let unknown = await #expect(throws: StripeError.self) { _ = try await stripe.setUp("pm_card_nonsense") }
            #expect(unknown?.status == 400 && unknown?.code == "resource_missing" && unknown?.param == "confirmation_token")
        }
    }

    @Test("3-D Secure: requires_action with the client secret until the challenge is passed")
    func threeDSecure() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let token = try await stripe.createTestConfirmationToken(paymentMethod: "pm_card_threeDSecure2Required").id
            let (customer, pending) = try await stripe.setUp(token)
            #expect(pending.status == "requires_action" && pending.nextActionType == "use_stripe_sdk")
            #expect(pending.clientSecret?.hasPrefix(pending.id + "_secret_") == true)
            let methodID = try #require(pending.paymentMethodID)
            #expect(try await stripe.retrievePaymentMethod(id: methodID).customer == nil)
            let early = await #expect(throws: StripeError.self) {
                _ = try await stripe.confirmSetupIntent(id: pending.id, confirmationToken: "pm_card_visa", returnURL: "https://polar.sh/")
            }
            #expect(early?.status == 400 && early?.code == "setup_intent_unexpected_state")

            let passed = try await stripe.authenticate(setupIntent: pending.id)
            #expect(passed.status == "succeeded" && passed.nextActionType == nil)
            let read = try await stripe.retrieveSetupIntent(id: pending.id)
            #expect(read.status == "succeeded" && read.clientSecret == pending.clientSecret)
            #expect(read.paymentMethod?.id == methodID && read.paymentMethod?.customer == customer.id)
            #expect(read.paymentMethod?.details["last4"] == "3155")
            let twice = await #expect(throws: StripeError.self) { _ = try await stripe.authenticate(setupIntent: pending.id) }
            #expect(twice?.status == 400)
        }
    }

    @Test("a failed 3-D Secure challenge sends the SetupIntent back for another payment method")
    func threeDSecureFailed() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let (_, pending) = try await stripe.setUp("pm_card_threeDSecure2Required")
            let failed = try await stripe.authenticate(setupIntent: pending.id, passing: false)
            #expect(failed.status == "requires_payment_method" && failed.paymentMethodID == nil)
            #expect(failed.lastSetupError?.code == "setup_intent_authentication_failure")
            let retried = try await stripe.confirmSetupIntent(id: pending.id, confirmationToken: "pm_card_visa", returnURL: "https://polar.sh/")
            #expect(retried.status == "succeeded" && retried.lastSetupError == nil)
        }
    }

    @Test(
        "a declined card is Stripe's 402 card_error, recorded on the SetupIntent",
        arguments: [
            ("pm_card_chargeDeclined", "generic_decline", "Your card was declined."),
            ("pm_card_visa_chargeDeclined", "generic_decline", "Your card was declined."),
            ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", "Your card has insufficient funds."),
        ])
    func declined(fixture: String, declineCode: String, message: String) async throws {
        try await StripeEmulatorHarness.run { stripe in
            let token = try await stripe.createTestConfirmationToken(paymentMethod: fixture).id
            let customer = try await stripe.createCustomer(email: nil, name: nil, address: nil, metadata: [:])
            let intent = try await stripe.createSetupIntent(customer: customer.id, metadata: [:])
            let error = await #expect(throws: StripeError.self) {
                _ = try await stripe.confirmSetupIntent(id: intent.id, confirmationToken: token, returnURL: "https://polar.sh/")
            }
            #expect(error?.status == 402 && error?.isCardError == true && error?.isInvalidRequest == false)
            #expect(
                error?.object
                    == StripeErrorObject(type: "card_error", code: "card_declined", declineCode: declineCode, message: message, param: ""))

            let read = try await stripe.retrieveSetupIntent(id: intent.id)
            #expect(read.status == "requires_payment_method" && read.paymentMethodID == nil)
            #expect(read.lastSetupError?.declineCode == declineCode)
            let retried = try await stripe.confirmSetupIntent(id: intent.id, confirmationToken: "pm_card_visa", returnURL: "https://polar.sh/")
            #expect(retried.status == "succeeded")
        }
    }
}
