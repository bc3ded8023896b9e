import Foundation
import Polar
import PolarServer
import Testing

/// The SDK's customer-session, customer-portal and state operations against our server on a
/// real socket.
@Suite("Customer portal and state against the live server")
struct PortalIntegrationTests {
    @Test("sessions sign a customer in; the portal reads and edits them; state mirrors the customer")
    func portal() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let customer = try await polar.customers.create(CustomerCreate(email: uniqueEmail("jane"), name: "Jane", externalID: "jane"))
            let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .externalID("jane")))
            #expect(session.customerID == customer.id)
            #expect(session.token.hasPrefix("polar_cst_"))
            #expect(session.expiresAt.timeIntervalSince(session.createdAt) == 3600)

            let portal = polar.withAccessToken(session.token).customerPortal.customers
            let me = try await portal.get()
            #expect(me.id == customer.id)
            #expect(me.billingName == "Jane")
            let updated = try await portal.update(
                CustomerPortalCustomerUpdate(billingName: .value("Jane Ltd"), billingAddress: .value(AddressInput(country: "FR")), taxID: .value("FR40303265045")))
            #expect(updated.billingName == "Jane Ltd")
            #expect(updated.taxID?.value == "FR40303265045")
            do {
                _ = try await portal.update(CustomerPortalCustomerUpdate(billingAddress: .null))
                Issue.record("expected a 422")
            } catch {
                guard let error = error as? PolarError, error.code == .validation, let body = error.validation else { throw error }
                #expect(body.detail.first?.loc == ["body", "billing_address"])
            }

            let state = try await polar.customers.state(id: customer.id)
            #expect(state.customer.id == customer.id)
            #expect(state.activeSubscriptions.isEmpty && state.grantedBenefits.isEmpty && state.activeMeters.isEmpty)
            #expect(try await polar.customers.state(externalID: "jane") == state)

            #expect(try await portal.checkEmailUpdate(token: "polar_cev_unknown") == false)
            do {
                try await portal.requestEmailUpdate(CustomerEmailUpdateRequest(email: uniqueEmail("new")))
                Issue.record("email changes are off by default")
            } catch {
                guard let error = error as? PolarError, error.code == .forbidden, let body = error.body else { throw error }
                #expect(body.error == "NotPermitted")
            }
        }
    }

    @Test("payment methods: add, 3-D Secure confirm, list, decline, not ready, delete")
    func paymentMethods() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let customer = try await polar.customers.create(CustomerCreate(email: uniqueEmail("cards")))
            let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .id(customer.id)))
            let portal = polar.withAccessToken(session.token).customerPortal.customers

            do {
                _ = try await portal.confirmPaymentMethod(CustomerPaymentMethodConfirm(setupIntentID: "seti_x", setDefault: false))
                Issue.record("expected CustomerNotReady")
            } catch {
                guard (error as? PolarError)?.code == .customerNotReady else { throw error }
            }
            guard
                case .succeeded(let visa) = try await portal.addPaymentMethod(
                    CustomerPaymentMethodCreate(confirmationTokenID: "pm_card_visa", setDefault: true, returnURL: "/acme/portal"))
            else { throw PolarSDKTestError("expected a saved card") }
            guard case .card(_, let card) = visa else { throw PolarSDKTestError("expected a card") }
            #expect(card.brand == "visa" && card.last4 == "4242")
            #expect(try await portal.get().defaultPaymentMethodID == visa.id)

            guard
                case .requiresAction(let secret) = try await portal.addPaymentMethod(
                    CustomerPaymentMethodCreate(
                        confirmationTokenID: "pm_card_threeDSecure2Required", setDefault: false, returnURL: "/acme/portal"))
            else { throw PolarSDKTestError("expected requires_action") }
            let intent = String(secret.split(separator: "_secret_").first ?? "")
            let still = try await portal.confirmPaymentMethod(CustomerPaymentMethodConfirm(setupIntentID: intent, setDefault: false))
            guard case .requiresAction = still else { throw PolarSDKTestError("the challenge is not done yet") }

            do {
                _ = try await portal.addPaymentMethod(
                    CustomerPaymentMethodCreate(confirmationTokenID: "pm_card_chargeDeclined", setDefault: false, returnURL: "/"))
                Issue.record("expected a decline")
            } catch {
                guard let error = error as? PolarError, error.code == .paymentMethodSetupFailed, let body = error.body else { throw error }
                #expect(body.detail?.contains("Your card was declined.") == true)
            }

            let page = try await portal.listPaymentMethods(page: 1, limit: 10)
            #expect(page.items.map(\.id) == [visa.id])
            try await portal.deletePaymentMethod(id: visa.id)
            #expect(try await portal.listPaymentMethods().items.isEmpty)
            do {
                try await portal.deletePaymentMethod(id: visa.id)
                Issue.record("expected not found")
            } catch {
                guard (error as? PolarError)?.code == .notFound else { throw error }
            }
        }
    }

    @Test("email change: request, check, verify with the link's token, and its errors")
    func emailChange() async throws {
        let server = try await LiveServer.make()
        try await LiveServer.withContext(server.databasePath) { try await $0.setAllowEmailChange(organizationID: server.organizationID, true) }
        try await server.run { polar in
            let customer = try await polar.customers.create(CustomerCreate(email: uniqueEmail("old")))
            let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .id(customer.id)))
            let portal = polar.withAccessToken(session.token).customerPortal.customers
            let newEmail = uniqueEmail("new")
            try await portal.requestEmailUpdate(CustomerEmailUpdateRequest(email: newEmail))
            let token = try await server.verificationToken(to: newEmail)
            #expect(try await portal.checkEmailUpdate(token: token))
            let verified = try await portal.verifyEmailUpdate(CustomerEmailUpdateVerifyRequest(token: token))
            #expect(try await polar.withAccessToken(verified.token).customerPortal.customers.get().email == newEmail)
            #expect(try await portal.checkEmailUpdate(token: token) == false)
            do {
                _ = try await portal.verifyEmailUpdate(CustomerEmailUpdateVerifyRequest(token: token))
                Issue.record("a used link must fail")
            } catch {
                guard let error = error as? PolarError, error.code == .unauthorized, let body = error.body else { throw error }
                #expect(body.error == "InvalidCustomerEmailUpdate")
            }
        }
    }
}

struct PolarSDKTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
