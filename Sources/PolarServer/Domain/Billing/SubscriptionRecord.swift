import Foundation
import PolarModels

/// A customer's subscription to a recurring product.
struct SubscriptionRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var customerID: UUID
    var productID: UUID
    /// `active` or `canceled` here; Polar's other statuses need payments.
    var status: String
    var amount: Int64
    var currency: String
    var recurringInterval: String
    var recurringIntervalCount: Int
    var currentPeriodStart: Int64
    var currentPeriodEnd: Int64
    var cancelAtPeriodEnd = false
    var canceledAt: Int64?
    var startedAt: Int64?
    var endsAt: Int64?
    var endedAt: Int64?
    var customerCancellationReason: String?
    var customerCancellationComment: String?
    /// The method that bills it: the customer's default when an operator starts a paid one.
    var paymentMethodID: UUID?
    var metadata: Metadata
    var createdAt: Int64
    var modifiedAt: Int64?
    /// The customer's test clock, copied here so the scheduler finds real-time work alone.
    var testClockID: UUID? = nil

    /// Polar's active statuses: what customer state lists and the customers `active` filter counts.
    static let activeStatuses = ["active", "trialing"]
    /// Polar's `SubscriptionStatus`, in its order.
    static let statuses = ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"]

    var isActive: Bool { Self.activeStatuses.contains(status) }

    /// The end of a period of `count` intervals from `start`, as Polar's `get_next_period`
    /// computes it: months and years land on the anchor day (the day the subscription
    /// started), or the month's last day when it is shorter, so Jan 31 renews on Feb 28, then
    /// Mar 31.
    static func periodEnd(from start: Int64, interval: String, count: Int, anchorDay: Int? = nil) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let seconds = start.quotientAndRemainder(dividingBy: 1_000_000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds.quotient))
        let component: Calendar.Component, value: Int
        switch interval {
        case "day": (component, value) = (.day, count)
        case "week": (component, value) = (.day, 7 * count)
        case "month": (component, value) = (.month, count)
        default: (component, value) = (.year, count)
        }
        var end = calendar.date(byAdding: component, value: value, to: date)!
        if component != .day, let anchorDay, calendar.component(.day, from: end) != anchorDay {
            let days = calendar.range(of: .day, in: .month, for: end)!.count
            var parts = calendar.dateComponents([.year, .month, .hour, .minute, .second], from: end)
            parts.day = min(anchorDay, days)
            end = calendar.date(from: parts)!
        }
        return Int64(end.timeIntervalSince1970.rounded()) * 1_000_000 + seconds.remainder
    }

    /// The day of the month the subscription's periods are anchored on: the day it started.
    var anchorDay: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = (startedAt ?? currentPeriodStart).quotientAndRemainder(dividingBy: 1_000_000).quotient
        return calendar.component(.day, from: Date(timeIntervalSince1970: TimeInterval(start)))
    }

    /// Polar's `CustomerStateSubscription`, with the deprecated `price_id` (its first price)
    /// Polar still writes.
    func state(priceID: UUID?, meters: [CustomerStateSubscriptionMeter]) throws -> CustomerStateSubscription {
        func date(_ microseconds: Int64) -> Date { PolarTimestamp.date(microseconds: microseconds) }
        guard let interval = RecurringInterval(rawValue: recurringInterval) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Stored recurring interval \(recurringInterval)"))
        }
        return CustomerStateSubscription(
            id: id, createdAt: date(createdAt), modifiedAt: modifiedAt.map(date), metadata: metadata,
            status: SubscriptionStatus(rawValue: status), amount: Int(amount), currency: currency,
            recurringInterval: interval, currentPeriodStart: date(currentPeriodStart),
            currentPeriodEnd: date(currentPeriodEnd), cancelAtPeriodEnd: cancelAtPeriodEnd, canceledAt: canceledAt.map(date),
            startedAt: startedAt.map(date), endsAt: endsAt.map(date), productID: productID, priceID: priceID, meters: meters)
    }

    /// Polar's `Subscription`, with its customer, product, prices and meters, and the
    /// deprecated fields Polar still writes though its schema hides them (`price_id`, `price`,
    /// `user_id`, `user`).
    func wire(customer: JSONValue, product: ProductRecord, meters: [JSONValue]) -> JSONValue {
        let prices = product.prices.filter { $0.currency == currency }.map { $0.wire(product: product) }
        let initial = (customer["name"]?.stringValue ?? customer["email"]?.stringValue)?.first.map(String.init) ?? "?"
        let user: JSONValue = .object([
            .init("id", .string(customerID.lowercased)), .init("email", customer["email"] ?? .null),
            .init("public_name", .string(initial)), .init("avatar_url", customer["avatar_url"] ?? .null),
            .init("github_username", .null),
        ])
        let tail: [JSONValue.Member] = [
            .init("price_id", prices.first?["id"] ?? .null),
            .init("metadata", metadata.wire),
            .init("custom_field_data", .object([])),
            .init("customer", customer),
            .init("user_id", .string(customerID.lowercased)),
            .init("user", user),
            .init("product", product.wire),
            .init("discount", .null),
            .init("price", prices.first ?? .null),
            .init("prices", .array(prices)),
            .init("meters", .array(meters)),
            .init("pending_update", .null),
        ]
        return .object(baseMembers + tail)
    }

    /// Polar's `CustomerSubscription`, as the customer portal shows it: `product` is Polar's
    /// `CustomerSubscriptionProduct`, each meter names only its meter.
    func customerWire(product: ProductRecord, organization: Organization, meters: [JSONValue]) -> JSONValue {
        let prices = product.prices.filter { $0.currency == currency }.map { $0.wire(product: product) }
        let tail: [JSONValue.Member] = [
            .init("price_id", prices.first?["id"] ?? .null),
            .init("user_id", .string(customerID.lowercased)),
            .init("product", product.customerWire(organization: organization)),
            .init("price", prices.first ?? .null),
            .init("prices", .array(prices)),
            .init("meters", .array(meters)),
            .init("pending_update", .null),
        ]
        return .object(baseMembers + tail)
    }

    /// The fields Polar's `Subscription` and `CustomerSubscription` share, in their order.
    private var baseMembers: [JSONValue.Member] {
        [
            .init("created_at", .timestamp(createdAt)),
            .init("modified_at", .timestamp(modifiedAt)),
            .init("id", .string(id.lowercased)),
            .init("amount", .integer(Int(amount))),
            .init("currency", .string(currency)),
            .init("recurring_interval", .string(recurringInterval)),
            .init("recurring_interval_count", .integer(recurringIntervalCount)),
            .init("status", .string(status)),
            .init("current_period_start", .timestamp(currentPeriodStart)),
            .init("current_period_end", .timestamp(currentPeriodEnd)),
            .init("current_meter_period_start", .null),
            .init("current_meter_period_end", .null),
            .init("trial_start", .null),
            .init("trial_end", .null),
            .init("cancel_at_period_end", .bool(cancelAtPeriodEnd)),
            .init("canceled_at", .timestamp(canceledAt)),
            .init("started_at", .timestamp(startedAt)),
            .init("ends_at", .timestamp(endsAt)),
            .init("ended_at", .timestamp(endedAt)),
            .init("past_due_at", .null),
            .init("pause_at_period_end", .bool(false)),
            .init("paused_at", .null),
            .init("resumes_at", .null),
            .init("customer_id", .string(customerID.lowercased)),
            .init("product_id", .string(productID.lowercased)),
            .init("discount_id", .null),
            .init("checkout_id", .null),
            .init("seats", .null),
            .init("units", .null),
            .init("customer_cancellation_reason", customerCancellationReason.map(JSONValue.string) ?? .null),
            .init("customer_cancellation_comment", customerCancellationComment.map(JSONValue.string) ?? .null),
        ]
    }
}
