import Foundation
import Polar
import PolarModels
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
                guard case PolarError.validation(let body) = error else { throw error }
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
                guard case PolarError.forbidden(let body) = error else { throw error }
                #expect(body.error == "NotPermitted")
            }
        }
    }
}
