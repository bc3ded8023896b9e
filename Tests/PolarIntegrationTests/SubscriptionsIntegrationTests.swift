import Foundation
import Polar
import Testing

@Suite("Subscriptions through the SDK against the live server")
struct SubscriptionsIntegrationTests {
    @Test("subscribe, read, list, cancel at period end and take it back, revoke; Polar's refusals typed")
    func lifecycle() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let flag = try await polar.benefits.create(.featureFlag("Pro features"))
            let free = try await polar.products.create(ProductCreate(name: "Free", recurringInterval: "month", prices: [.free()]))
            _ = try await polar.products.updateBenefits(id: free.id, benefits: [flag.id])
            let customer = try await polar.customers.create(CustomerCreate(email: "sub@example.com", externalID: "usr_9"))

            let subscription = try await polar.subscriptions.create(
                SubscriptionCreate(customer: .externalID("usr_9"), productID: free.id, metadata: ["source": "sdk"]))
            #expect(subscription.status == .active)
            #expect(subscription.customerID == customer.id)
            #expect(subscription.product.id == free.id)
            #expect(subscription.amount == 0)
            #expect(subscription.metadata == ["source": "sdk"])
            #expect(try await polar.subscriptions.get(id: subscription.id) == subscription)
            // No card saved yet; an unknown customer is Polar's 404.
            #expect(try await polar.customers.listPaymentMethods(externalID: "usr_9").items.isEmpty)
            #expect(try await polar.customers.listPaymentMethods(id: customer.id, page: 1, limit: 5).pagination.totalCount == 0)
            do {
                _ = try await polar.customers.listPaymentMethods(id: UUID())
                Issue.record("an unknown customer's payment methods were listed")
            } catch {
                guard (error as? PolarError)?.code == .notFound else { throw error }
            }
            #expect(try await polar.subscriptions.list(customerIDs: [customer.id]).items.map(\.id) == [subscription.id])
            var all: [UUID] = []
            for try await each in polar.subscriptions.all(externalCustomerIDs: ["usr_9"], limit: 1) { all.append(each.id) }
            #expect(all == [subscription.id])

            let canceling = try await polar.subscriptions.cancelAtPeriodEnd(id: subscription.id, reason: "unused", comment: "bye")
            #expect(canceling.cancelAtPeriodEnd)
            #expect(canceling.endsAt == canceling.currentPeriodEnd)
            #expect(canceling.customerCancellationReason == "unused")
            #expect(try await polar.subscriptions.list(cancelAtPeriodEnd: true).items.map(\.id) == [subscription.id])
            let renewing = try await polar.subscriptions.cancelAtPeriodEnd(id: subscription.id, false)
            #expect(!renewing.cancelAtPeriodEnd)
            #expect(try await polar.subscriptions.updateMetadata(id: subscription.id, ["source": "api"]).metadata == ["source": "api"])

            let revoked = try await polar.subscriptions.revoke(id: subscription.id)
            #expect(revoked.status == .canceled)
            #expect(revoked.endedAt != nil)
            #expect(try await polar.subscriptions.list(active: true).items.isEmpty)
            do {
                _ = try await polar.subscriptions.revoke(id: subscription.id)
                Issue.record("an ended subscription was revoked again")
            } catch {
                guard (error as? PolarError)?.code == .forbidden else { throw error }
            }
            do {
                let paid = try await polar.products.create(ProductCreate(name: "Paid", recurringInterval: "month", prices: [.fixed(amount: 500)]))
                _ = try await polar.subscriptions.create(SubscriptionCreate(customer: .id(customer.id), productID: paid.id))
                Issue.record("a paid product was subscribed to without a checkout")
            } catch {
                guard let polar = error as? PolarError, polar.code == .validation, let body = polar.validation else { throw error }
                #expect(body.detail.map(\.loc) == [["body", "product_id"]])
            }
        }
    }
}
