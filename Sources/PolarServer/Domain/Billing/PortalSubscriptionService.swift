import Foundation
import PolarModels

/// A customer's own subscriptions in the portal (`/v1/customer-portal/subscriptions/…`), as
/// Polar's `CustomerSubscription`, and what a customer may change there: cancel at period end
/// and take it back. Changing the plan, seats or pausing go as far as Polar's own refusals
/// (portal settings, cancelled subscriptions, what this server's prices never have) and are then
/// refused, as the organization API refuses them: they need a payment processor.
struct PortalSubscriptionService: Sendable {
    /// Makes the changes, with their webhooks and events.
    let service: SubscriptionService
    let subscriptions: SubscriptionStore
    let products: ProductStore
    let organizations: OrganizationStore
    let paymentMethods: PaymentMethodStore
    let meters: SubscriptionMeters
    let clock: ServerClock

    func list(_ filter: SubscriptionFilter, pages: PageQuery, access: CustomerAccess) async throws -> (items: [JSONValue], total: Int) {
        var filter = filter
        filter.customerIDs = [access.customerID]
        filter.startedOnly = true
        let (items, total) = try await subscriptions.list(
            organizationID: access.organizationID, filter: filter, page: pages.page, limit: pages.limit)
        return (try await wire(items, organization: try await organization(access)), total)
    }

    func get(_ id: UUID, access: CustomerAccess) async throws -> JSONValue {
        try await wire([try await find(id, access: access)], organization: try await organization(access))[0]
    }

    /// `DELETE`: cancels at the end of the period, as the portal's cancel button does.
    func cancel(_ id: UUID, access: CustomerAccess) async throws -> JSONValue {
        let updated = try await service.update(id, SubscriptionUpdateInput(action: .cancelAtPeriodEnd(true)), customer: access)
        return try await wire([updated], organization: try await organization(access))[0]
    }

    func update(_ id: UUID, _ input: PortalSubscriptionUpdateInput, access: CustomerAccess) async throws -> JSONValue {
        let subscription = try await find(id, access: access)
        let organization = try await organization(access)
        let settings = organization.customerPortalSettings ?? CustomerPortalSettings.defaults
        let updated: SubscriptionRecord
        switch input {
        case .cancel(nil, _, _):
            updated = subscription
        case .cancel(let atPeriodEnd?, let reason, let comment):
            if !atPeriodEnd, subscription.cancelAtPeriodEnd, subscription.isBillable, try await needsPaymentMethod(subscription) {
                throw Self.paymentMethodRequired
            }
            updated = try await service.update(
                id, SubscriptionUpdateInput(action: .cancelAtPeriodEnd(atPeriodEnd), reason: reason, comment: comment), customer: access)
        case .changeProduct(let productID):
            guard organization.allowsPlanUpdates else {
                throw APIError.polar(.forbidden, "UpdateSubscriptionPlanNotAllowed", "Updating subscription plan is not allowed.")
            }
            try Self.requireUncanceled(subscription)
            try await checkProduct(productID, for: subscription)
            throw Self.needsBilling("product_id", .string(productID.lowercased))
        case .changeSeats:
            guard settings["subscription"]?["update_seats"] != .bool(false) else {
                throw APIError.polar(.forbidden, "UpdateSubscriptionSeatsNotAllowed", "Updating subscription seats is not allowed.")
            }
            try Self.requireUncanceled(subscription)
            // No price here is seat-based.
            throw APIError.polar(.badRequest, "NotASeatBasedSubscription", "This subscription does not support seat-based pricing.")
        case .pause, .resume:
            guard settings["subscription"]?["pause"] == .bool(true) else {
                throw APIError.polar(.forbidden, "PauseResumeNotAllowed", "Pausing or resuming a subscription is not allowed.")
            }
            guard case .pause = input else {
                // Nothing here is ever paused.
                throw APIError.polar(.conflict, "NotPausedSubscription", "This subscription is not paused.")
            }
            throw Self.needsBilling("pause_at_period_end", .bool(true))
        case .clearPendingUpdate:
            // Nothing here is ever scheduled for later.
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body", "pending_update"], msg: "This subscription has no pending update to clear.", type: "value_error",
                        input: .null)
                ], kind: .business)
        }
        return try await wire([updated], organization: organization)[0]
    }

    private func organization(_ access: CustomerAccess) async throws -> Organization {
        guard let organization = try await organizations.find(id: access.organizationID) else { throw APIError.notFound }
        return organization
    }

    /// The customer's subscription, started or not.
    private func find(_ id: UUID, access: CustomerAccess) async throws -> SubscriptionRecord {
        guard let subscription = try await subscriptions.find(id, organizationID: access.organizationID),
            subscription.customerID == access.customerID
        else { throw APIError.notFound }
        return subscription
    }

    /// Polar asks for a payment method before a subscription that costs something goes on:
    /// every price must be a fixed 0 for it not to (a metered price always may cost).
    private func needsPaymentMethod(_ subscription: SubscriptionRecord) async throws -> Bool {
        guard let product = try await products.find(subscription.productID, organizationID: subscription.organizationID) else { return false }
        let prices = product.prices.filter { $0.currency == subscription.currency }
        let free = prices.allSatisfy { if case .fixed(0) = $0.kind { true } else { false } }
        guard !free else { return false }
        return try await paymentMethods.list(customerID: subscription.customerID, page: 1, limit: 1).total == 0
    }

    /// Polar's checks of the product a customer switches to, in its order.
    private func checkProduct(_ productID: UUID, for subscription: SubscriptionRecord) async throws {
        let product = try await products.find(productID, organizationID: subscription.organizationID)
        let message: String? =
            switch product {
            case nil: "Product does not exist."
            case let product? where product.isArchived: "Product is archived."
            case let product? where product.visibility != "public": "Product visibility is not allowed."
            case let product? where !product.isRecurring: "Product is not recurring."
            case let product? where !product.prices.contains(where: { $0.currency == subscription.currency }):
                "This product doesn't have a price for the subscription currency."
            default: nil
            }
        if let message {
            throw APIError.validation(
                [ValidationError(loc: ["body", "product_id"], msg: message, type: "value_error", input: .string(productID.lowercased))],
                kind: .business)
        }
    }

    private static func requireUncanceled(_ subscription: SubscriptionRecord) throws {
        if ["canceled", "unpaid"].contains(subscription.status) || subscription.cancelAtPeriodEnd { throw SubscriptionService.alreadyCanceled }
    }

    private static let paymentMethodRequired = APIError.polar(
        .conflict, "PaymentMethodRequired", "Add a payment method before uncancelling this subscription.")

    /// A change that would bill the customer, which this server cannot do.
    private static func needsBilling(_ field: String, _ input: JSONValue) -> APIError {
        APIError.validation(
            [
                ValidationError(
                    loc: ["body", .key(field)], msg: "This server updates subscriptions from the portal only by cancelling or uncancelling them.",
                    type: "value_error", input: input)
            ], kind: .business)
    }

    /// Polar's `CustomerSubscription` for each, products and meters read in bulk.
    private func wire(_ records: [SubscriptionRecord], organization: Organization) async throws -> [JSONValue] {
        guard !records.isEmpty else { return [] }
        let products = Dictionary(uniqueKeysWithValues: try await products.find(Array(Set(records.map(\.productID)))).map { ($0.id, $0) })
        let meters = try await meters.subscriptionMeters(records, products: products)
        return try records.map { subscription in
            subscription.customerWire(
                product: products[subscription.productID]!, organization: organization,
                meters: try (meters[subscription.id] ?? []).map { try $0.customerWire })
        }
    }
}
