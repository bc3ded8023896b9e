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
    func state(_ key: CustomerStore.Key, access: OrganizationAccess) async throws -> CustomerState {
        guard let customer = try await customers.find(key, organizationID: access.organizationID) else { throw APIError.notFound }
        return try await state(of: customer)
    }

    /// The state of a customer already read (a deleted one too, as `customer.state_changed` sends it).
    func state(of customer: CustomerRecord) async throws -> CustomerState {
        let rows = try await usages.list(ownerIDs: [customer.id])
        let meterRecords = Dictionary(uniqueKeysWithValues: try await meters.find(rows.map(\.meterID)).map { ($0.id, $0) })
        // Oldest first; rows opened together follow their meters' order, as Polar creates them.
        let activeMeters = rows.compactMap { row in meterRecords[row.meterID].map { (row, $0) } }
            .sorted { ($0.0.createdAt, $0.1.createdAt) < ($1.0.createdAt, $1.1.createdAt) }
            .map { row, meter in row.stateMeter(aggregation: meter.aggregation) }

        let active = try await subscriptions.active(customerID: customer.id)
        let products = Dictionary(uniqueKeysWithValues: try await products.find(Array(Set(active.map(\.productID)))).map { ($0.id, $0) })
        let meters = try await subscriptionMeters.subscriptionMeters(active, products: products)
        let activeSubscriptions = try active.map { subscription in
            let price = products[subscription.productID]?.prices.first { $0.currency == subscription.currency }
            return try subscription.state(priceID: price?.id, meters: (meters[subscription.id] ?? []).map(\.state))
        }

        let granted = try await grants.granted(customerID: customer.id)
        let benefitRecords = Dictionary(uniqueKeysWithValues: try await benefits.find(granted.map(\.benefitID)).map { ($0.id, $0) })
        let grantedBenefits = granted.compactMap { grant in benefitRecords[grant.benefitID].flatMap { grant.state(benefit: $0) } }

        return switch customer.wire {
        case .individual(let individual):
            .individual(
                CustomerStateObject(
                    customer: individual, activeSubscriptions: activeSubscriptions, grantedBenefits: grantedBenefits,
                    activeMeters: activeMeters))
        case .team(let team):
            .team(
                CustomerStateObject(
                    customer: team, activeSubscriptions: activeSubscriptions, grantedBenefits: grantedBenefits, activeMeters: activeMeters))
        }
    }
}
