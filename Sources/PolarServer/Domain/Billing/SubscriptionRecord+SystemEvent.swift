import Foundation
import PolarModels

extension SubscriptionRecord {
    /// The system event Polar records along with the webhook `type`, if it records one:
    /// `subscription.created`, `.cycled`, `.uncanceled`, `.canceled` and `.revoked`, each with
    /// the subscription's product, amount and interval, dated when the change happened.
    func systemEvent(for type: String) -> EventStore.Row? {
        var extra: [JSONValue.Member] = []
        var timestamp = modifiedAt ?? createdAt
        switch type {
        case "subscription.created":
            extra = [.init("started_at", startedAt.map { .string(Self.isoformat($0)) } ?? .null)]
            timestamp = createdAt
        case "subscription.cycled", "subscription.uncanceled", "subscription.revoked":
            break
        case "subscription.canceled":
            if let canceledAt { extra.append(.init("canceled_at", .string(Self.isoformat(canceledAt)))) }
            if let customerCancellationReason { extra.append(.init("customer_cancellation_reason", .string(customerCancellationReason))) }
            if let customerCancellationComment { extra.append(.init("customer_cancellation_comment", .string(customerCancellationComment))) }
            if let endsAt { extra.append(.init("ends_at", .string(Self.isoformat(endsAt)))) }
            extra.append(.init("cancel_at_period_end", .bool(cancelAtPeriodEnd)))
        default:
            return nil
        }
        let metadata: [JSONValue.Member] = [
            .init("subscription_id", .string(id.lowercased)), .init("product_id", .string(productID.lowercased)),
            .init("amount", .integer(Int(amount))), .init("currency", .string(currency)),
            .init("recurring_interval", .string(recurringInterval)), .init("recurring_interval_count", .integer(recurringIntervalCount)),
        ]
        return EventStore.Row(
            id: UUID(), organizationID: organizationID, name: type, source: "system", timestamp: timestamp, customerID: customerID,
            externalCustomerID: nil, externalID: nil, metadata: .object(metadata + extra), ingestedAt: timestamp)
    }

    /// A time as Python's `datetime.isoformat()` writes Polar's UTC times.
    static func isoformat(_ microseconds: Int64) -> String {
        PolarTimestamp.format(microseconds: microseconds, suffix: "+00:00")
    }
}
