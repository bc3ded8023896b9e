import Foundation
import PolarModels
import SQLKit

/// Keeps what subscriptions grant in line with their state, inside the caller's transaction:
/// an active subscription grants every benefit of its product, an ended one none. A
/// `meter_credit` grant credits its units to the customer's meter with a `meter.credited`
/// system event, and its revocation takes them back, as Polar does.
struct BenefitGrantService: Sendable {
    let grants: BenefitGrantStore
    let benefits: BenefitStore
    let products: ProductStore
    let subscriptions: SubscriptionStore
    let events: EventStore
    let usages: MeterUsageStore
    let meters: MeterStore
    let customers: CustomerStore
    /// Announces `benefit_grant.created`, `.cycled` and `.revoked`.
    let webhooks: WebhookOutbox
    /// Starts a credited meter over when a grant cycles.
    let resets: MeterReset

    /// Grants and revokes so `subscription` holds exactly what it should. Each grant and
    /// revocation records Polar's `benefit.granted` / `benefit.revoked` system event, except
    /// when `deleting`: grants that end with their customer or their benefit are deleted in
    /// Polar, silently.
    func sync(
        _ subscription: SubscriptionRecord, product: ProductRecord, deleting: Bool = false, on db: any SQLDatabase, now: Int64
    ) async throws {
        let ledger = UsageLedger(usages: usages, db: db, now: now)
        let existing = try await grants.list(subscriptionID: subscription.id, on: db)
        let wanted = subscription.isActive ? product.benefits : []
        let meteredByPrice = Set(product.prices.compactMap { if case .meteredUnit(_, _, let meter) = $0.kind { meter.id } else { nil } })
        var credits: [(meterID: UUID, units: Int64, rollover: Bool)] = []
        var announced: [(type: String, grant: BenefitGrantRecord, benefit: BenefitRecord, previous: JSONValue)] = []

        for benefit in wanted where !existing.contains(where: { $0.benefitID == benefit.id && $0.isGranted }) {
            var grant =
                existing.first { $0.benefitID == benefit.id }
                ?? BenefitGrantRecord(
                    id: UUID(), customerID: subscription.customerID, benefitID: benefit.id, subscriptionID: subscription.id,
                    properties: .object([]), createdAt: now)
            let isNew = !existing.contains { $0.id == grant.id }
            let previous = grant.properties
            grant.properties = .object([])
            if let credit = benefit.meterCredit {
                credits.append((credit.meterID, Int64(credit.units), credit.rollover))
                grant.properties = Self.creditProperties(meterID: credit.meterID, units: Int64(credit.units), now: now)
            }
            grant.grantedAt = now
            grant.revokedAt = nil
            grant.modifiedAt = isNew ? nil : now
            try await grants.save(grant, isNew: isNew, on: db)
            announced.append(("benefit_grant.created", grant, benefit, previous))
        }

        let kept = Set(wanted.map(\.id))
        let revoked = existing.filter { $0.isGranted && !kept.contains($0.benefitID) }
        let revokedBenefits = Dictionary(uniqueKeysWithValues: try await benefits.find(revoked.map(\.benefitID), on: db).map { ($0.id, $0) })
        // As in Polar, a benefit the customer also holds through another grant keeps its effect.
        let held = revoked.isEmpty ? [:] : Dictionary(grouping: try await grants.granted(customerID: subscription.customerID, on: db), by: \.benefitID)
        for var grant in revoked {
            let previous = grant.properties
            // Take back what was last credited, as recorded on the grant.
            if (held[grant.benefitID]?.count ?? 0) < 2,
                case .string(let meter)? = grant.properties["last_credited_meter_id"], let meterID = UUID(uuidString: meter),
                case .integer(let units)? = grant.properties["last_credited_units"]
            {
                let rollover = revokedBenefits[grant.benefitID]?.meterCredit?.rollover ?? false
                credits.append((meterID, -Int64(units), rollover))
                grant.properties = Self.creditProperties(meterID: meterID, units: -Int64(units), now: now)
            }
            // Polar's revoke: no longer granted, revoked now.
            grant.grantedAt = nil
            grant.revokedAt = now
            grant.modifiedAt = now
            try await grants.save(grant, isNew: false, on: db)
            if let benefit = revokedBenefits[grant.benefitID] { announced.append(("benefit_grant.revoked", grant, benefit, previous)) }
        }

        try await events.insert(credits.map { creditEvent(subscription, meterID: $0.meterID, units: $0.units, rollover: $0.rollover, now: now) }, on: db)
        try await events.insert(
            announced.compactMap { type, grant, benefit, _ in
                type == "benefit_grant.revoked" && deleting ? nil : grantEvent(type, grant, benefit, subscription: subscription, now: now)
            }, on: db)
        for credit in credits {
            try await ledger.credit(credit.units, meterID: credit.meterID, ownerID: subscription.customerID)
            if subscription.isActive, meteredByPrice.contains(credit.meterID) {
                try await ledger.credit(credit.units, meterID: credit.meterID, ownerID: subscription.id)
            }
        }
        try await ledger.flush()
        // Polar's benefit and subscription events open the customer's other meters too.
        let active = try await meters.active(organizationID: subscription.organizationID, on: db)
        try await usages.open(ownerIDs: [subscription.customerID], meterIDs: active.map(\.id), now: now, on: db)

        guard !announced.isEmpty,
            let customer = try await customers.find(
                .id(subscription.customerID), organizationID: subscription.organizationID, includeDeleted: true, on: db)
        else { return }
        let customerWire = try JSONValueEncoder.encode(customer.wire)
        for (type, grant, benefit, previous) in announced {
            try await webhooks.publish(
                type, data: grant.webhookWire(customer: customerWire, benefit: benefit, previousProperties: previous),
                organizationID: subscription.organizationID, on: db)
        }
        try await webhooks.stateMayHaveChanged(customerID: subscription.customerID, organizationID: subscription.organizationID, on: db)
    }

    /// Polar's renewal of what the subscription grants, once its new period has begun: each
    /// granted benefit is cycled (`benefit_grant.cycled`), and a `meter_credit` one credits its
    /// units again, after resetting its meter unless the renewal already reset it.
    func cycle(_ subscription: SubscriptionRecord, product: ProductRecord, alreadyReset: Set<UUID>, on db: any SQLDatabase, now: Int64) async throws {
        let granted = try await grants.list(subscriptionID: subscription.id, on: db).filter(\.isGranted)
        guard !granted.isEmpty else { return }
        let benefitsByID = Dictionary(uniqueKeysWithValues: try await benefits.find(granted.map(\.benefitID), on: db).map { ($0.id, $0) })
        let meteredByPrice = Set(product.prices.compactMap { if case .meteredUnit(_, _, let meter) = $0.kind { meter.id } else { nil } })
        let ledger = UsageLedger(usages: usages, db: db, now: now)
        var announced: [(grant: BenefitGrantRecord, benefit: BenefitRecord, previous: JSONValue)] = []
        for var grant in granted {
            guard let benefit = benefitsByID[grant.benefitID] else { continue }
            let previous = grant.properties
            if let credit = benefit.meterCredit {
                let subscriptionOwners = meteredByPrice.contains(credit.meterID) ? [subscription.id] : []
                if !alreadyReset.contains(credit.meterID) {
                    try await resets.reset(
                        meterID: credit.meterID, customerID: subscription.customerID, organizationID: subscription.organizationID,
                        subscriptionIDs: subscriptionOwners, at: now, ledger: ledger, on: db)
                }
                try await events.insert(
                    [creditEvent(subscription, meterID: credit.meterID, units: Int64(credit.units), rollover: credit.rollover, now: now)], on: db)
                for ownerID in [subscription.customerID] + subscriptionOwners {
                    try await ledger.credit(Int64(credit.units), meterID: credit.meterID, ownerID: ownerID)
                }
                grant.properties = Self.creditProperties(meterID: credit.meterID, units: Int64(credit.units), now: now)
            }
            grant.modifiedAt = now
            try await grants.save(grant, isNew: false, on: db)
            announced.append((grant, benefit, previous))
        }
        try await ledger.flush()
        try await events.insert(
            announced.map { grant, benefit, _ in grantEvent("benefit_grant.cycled", grant, benefit, subscription: subscription, now: now) }, on: db)
        guard
            let customer = try await customers.find(
                .id(subscription.customerID), organizationID: subscription.organizationID, includeDeleted: true, on: db)
        else { return }
        let customerWire = try JSONValueEncoder.encode(customer.wire)
        for (grant, benefit, previous) in announced {
            try await webhooks.publish(
                "benefit_grant.cycled", data: grant.webhookWire(customer: customerWire, benefit: benefit, previousProperties: previous),
                organizationID: subscription.organizationID, on: db)
        }
        try await webhooks.stateMayHaveChanged(customerID: subscription.customerID, organizationID: subscription.organizationID, on: db)
    }

    /// After a product's benefits change: every live subscription of it gets the new set.
    func resync(productID: UUID, organizationID: UUID, on db: any SQLDatabase, now: Int64) async throws {
        guard let product = try await products.find(productID, organizationID: organizationID, on: db) else { return }
        for subscription in try await subscriptions.active(productID: productID, on: db) {
            try await sync(subscription, product: product, on: db, now: now)
        }
    }

    private func creditEvent(_ subscription: SubscriptionRecord, meterID: UUID, units: Int64, rollover: Bool, now: Int64) -> EventStore.Row {
        EventStore.Row(
            id: UUID(), organizationID: subscription.organizationID, name: "meter.credited", source: "system", timestamp: now,
            customerID: subscription.customerID, externalCustomerID: nil, externalID: nil,
            metadata: .object([
                .init("meter_id", .string(meterID.lowercased)), .init("units", .integer(Int(units))), .init("rollover", .bool(rollover)),
            ]), ingestedAt: now)
    }

    /// Polar's system event for a grant's webhook: `benefit.granted`, `.cycled` or `.revoked`.
    private func grantEvent(
        _ webhook: String, _ grant: BenefitGrantRecord, _ benefit: BenefitRecord, subscription: SubscriptionRecord, now: Int64
    ) -> EventStore.Row {
        let name = ["benefit_grant.created": "benefit.granted", "benefit_grant.cycled": "benefit.cycled"][webhook] ?? "benefit.revoked"
        return EventStore.Row(
            id: UUID(), organizationID: subscription.organizationID, name: name, source: "system", timestamp: now,
            customerID: subscription.customerID, externalCustomerID: nil, externalID: nil,
            metadata: .object([
                .init("benefit_id", .string(benefit.id.lowercased)), .init("benefit_grant_id", .string(grant.id.lowercased)),
                .init("benefit_type", .string(benefit.type.rawValue)),
            ]), ingestedAt: now)
    }

    /// Polar's `meter_credit` grant properties; the time as Python's `isoformat()` writes it.
    private static func creditProperties(meterID: UUID, units: Int64, now: Int64) -> JSONValue {
        .object([
            .init("last_credited_meter_id", .string(meterID.lowercased)),
            .init("last_credited_units", .integer(Int(units))),
            .init("last_credited_at", .string(PolarTimestamp.format(microseconds: now, suffix: "+00:00"))),
        ])
    }
}
