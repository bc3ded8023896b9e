import Foundation
import PolarModels

/// A customer's state: its fields and what it has right now (active subscriptions with their
/// meters, granted benefits, meters). Usage comes from the running totals kept at ingestion,
/// so answering never reads the customer's events.
struct CustomerStateService: Sendable {
    let customers: CustomerStore
    let usages: MeterUsageStore
    let meters: MeterStore
    let subscriptions: SubscriptionStore
    let products: ProductStore
    let grants: BenefitGrantStore
    let benefits: BenefitStore
    let subscriptionMeters: SubscriptionMeters

    /// Polar's `CustomerStateIndividual` or `CustomerStateTeam`.
    func state(_ key: CustomerStore.Key, access: OrganizationAccess) async throws -> JSONValue {
        guard let customer = try await customers.find(key, organizationID: access.organizationID) else { throw APIError.notFound }
        return try await state(of: customer)
    }

    /// The state of a customer already read (a deleted one too, as `customer.state_changed` sends it).
    func state(of customer: CustomerRecord) async throws -> JSONValue {
        let rows = try await usages.list(ownerIDs: [customer.id])
        let meterRecords = Dictionary(uniqueKeysWithValues: try await meters.find(rows.map(\.meterID)).map { ($0.id, $0) })
        // Oldest first; rows opened together follow their meters' order, as Polar creates them.
        let activeMeters = try rows.compactMap { row in meterRecords[row.meterID].map { (row, $0) } }
            .sorted { ($0.0.createdAt, $0.1.createdAt) < ($1.0.createdAt, $1.1.createdAt) }
            .map { row, meter in try JSONValueEncoder.encode(row.stateMeter(aggregation: meter.aggregation)) }

        let active = try await subscriptions.active(customerID: customer.id)
        let products = Dictionary(uniqueKeysWithValues: try await products.find(Array(Set(active.map(\.productID)))).map { ($0.id, $0) })
        let meters = try await subscriptionMeters.subscriptionMeters(active, products: products, detailed: false)
        let activeSubscriptions = active.map { subscription in
            let price = products[subscription.productID]?.prices.first { $0.currency == subscription.currency }
            return subscription.stateWire(priceID: price?.id, meters: meters[subscription.id] ?? [])
        }

        let granted = try await grants.granted(customerID: customer.id)
        let benefitRecords = Dictionary(uniqueKeysWithValues: try await benefits.find(granted.map(\.benefitID)).map { ($0.id, $0) })
        let grantedBenefits = granted.compactMap { grant in benefitRecords[grant.benefitID].map { grant.stateWire(benefit: $0) } }

        guard case .object(var members) = try JSONValueEncoder.encode(customer.wire) else { return .null }
        members += [
            .init("active_subscriptions", .array(activeSubscriptions)),
            .init("granted_benefits", .array(grantedBenefits)),
            .init("active_meters", .array(activeMeters)),
        ]
        return .object(members)
    }
}
